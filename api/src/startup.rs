//! Builds and runs the HTTP server: `/graphql`, `/graphiql` (outside production), `/health`,
//! the plain HTTP endpoints of [`crate::http`] (photos, printed records, certificates), and
//! the web client at `/`.

use std::net::TcpListener;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{middleware, web, App, HttpResponse, HttpServer};
use serde_json::json;

use crate::auth::keys::Keys;
use crate::clock::Clock;
use crate::config::{Environment, ServerConfig};
use crate::db::{self, Database};
use crate::domain::access::Actor;
use crate::domain::policy::PackRegistry;
use crate::error::AppError;
use crate::graphql::{self, handler};
use crate::http;
use crate::notify::config::{NotifyArgs, WorkerChoice};
use crate::notify::worker::Worker;
use crate::service::photos::PhotoStore;
use crate::state::AppState;

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    db: Database,
}

impl Application {
    /// Opens the database, applies pending migrations and binds the address.
    pub fn build(config: &ServerConfig) -> Result<Application, AppError> {
        if config.environment == Environment::Production && config.clock.is_set() {
            return Err(AppError::Internal(
                "TANFANG_NOW (--now) sets the clock for tests and the demo; production runs on the wall clock".into(),
            ));
        }
        if config.environment == Environment::Production && crate::auth::password::test_cost_in_use() {
            return Err(AppError::Internal(
                "this process hashes passwords at the test suite's cost; production needs the full cost".into(),
            ));
        }
        let packs = Arc::new(PackRegistry::builtin().map_err(|e| AppError::Internal(format!("policy pack: {e}")))?);
        tracing::info!(packs = packs.all().len(), "policy packs loaded");
        let keys = config.load_keys()?;
        let (db, applied) = Database::open_and_migrate(&config.db)?;
        for name in &applied {
            tracing::info!(migration = %name, "applied migration");
        }
        let call = crate::service::Call::at(
            config.clock.now(),
            Actor::system("startup"),
            keys.cipher(),
            packs.clone(),
        );
        let refreshed = db.with_conn(|c| crate::service::elders::refresh_policy_facts(c, &call))?;
        if refreshed > 0 {
            tracing::info!(elders = refreshed, "recomputed stored policy facts");
        }
        let dated = db.with_conn(|c| crate::service::elders::backfill_fact_changes(c, &call))?;
        if dated > 0 {
            tracing::info!(
                elders = dated,
                "recorded the first dated facts of files registered before"
            );
        }
        let confirmed = db.with_conn(|c| crate::service::records::refresh_confirmations(c, &call))?;
        if confirmed > 0 {
            tracing::info!(
                records = confirmed,
                "filled in the elder's confirmation of stored records"
            );
        }
        let photos = PhotoStore::new(&config.photo_dir);
        photos.create_dir().map_err(|e| {
            AppError::Startup(format!(
                "无法创建照片文件夹 (cannot create the photo folder) {}: {e}",
                config.photo_dir.display()
            ))
        })?;
        let listener = TcpListener::bind(&config.addr).map_err(|e| cannot_listen(&config.addr, &e))?;
        let port = listener
            .local_addr()
            .map_err(|e| AppError::Internal(e.to_string()))?
            .port();
        let public_url = config.notify.public_url.clone().unwrap_or_else(|| {
            format!(
                "http://{}",
                listener.local_addr().map_or(config.addr.clone(), |a| a.to_string())
            )
        });
        crate::notify::set_public_base(&public_url);
        if config.notify.worker == WorkerChoice::On {
            let worker = outbox_worker(&config.notify, &db, &keys, &packs, &config.clock)?;
            let poll = Duration::from_millis(config.notify.worker_poll_ms);
            std::thread::Builder::new()
                .name("outbox".into())
                .spawn(move || worker.run(poll, &AtomicBool::new(false)))
                .map_err(|e| AppError::Internal(format!("cannot start the outbox worker: {e}")))?;
            tracing::info!("outbox worker started");
        }
        let state = AppState {
            db: db.clone(),
            keys,
            photos,
            clock: config.clock.clone(),
            packs,
        };
        let server = serve(listener, state, config).map_err(|e| AppError::Internal(e.to_string()))?;
        tracing::info!(port, database = %config.db, "tanfang listening");
        Ok(Application { port, server, db })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// The outbox worker of these settings, over `db`; an error names the setting at fault.
pub fn outbox_worker(
    notify: &NotifyArgs,
    db: &Database,
    keys: &Keys,
    packs: &Arc<PackRegistry>,
    clock: &Clock,
) -> Result<Worker, AppError> {
    let mail = notify.mail(db.url()).map_err(AppError::Internal)?;
    let sms = notify.sms(db.url()).map_err(AppError::Internal)?;
    Ok(Worker::new(
        db.clone(),
        keys.cipher(),
        packs.clone(),
        clock.clone(),
        mail,
        sms,
    ))
}

fn serve(listener: TcpListener, state: AppState, config: &ServerConfig) -> std::io::Result<Server> {
    let schema = web::Data::new(graphql::schema());
    let db = web::Data::new(state.db.clone());
    let state = web::Data::new(state);
    let graphiql = config.environment != Environment::Production;
    let web_dir = config.web_dir.clone();
    let server = HttpServer::new(move || {
        let mut app = App::new()
            .wrap(
                middleware::Logger::new("%{request}xi %s %b %Dms")
                    .custom_request_replace("request", http::calendar::logged_request_line)
                    .exclude("/health"),
            )
            .wrap(middleware::Compress::default())
            .app_data(schema.clone())
            .app_data(db.clone())
            .app_data(state.clone())
            .app_data(web::PayloadConfig::new(handler::MAX_BODY_BYTES))
            .route("/health", web::get().to(health))
            .route("/graphql", web::post().to(handler::graphql))
            .route("/photos", web::post().to(http::photos::upload))
            .route("/seal", web::put().to(http::seals::upload))
            .route("/seal", web::get().to(http::seals::download))
            .route("/imports/elders", web::post().to(http::imports::elders))
            .route("/imports/template.xlsx", web::get().to(http::imports::template))
            .route("/imports/{id}/report.xlsx", web::get().to(http::imports::report_sheet))
            .route("/records/{id}/print/{form}", web::get().to(http::print::print))
            .route("/elders/{id}/print/notice", web::get().to(http::print::print_notice))
            .route("/elders/{id}/print/{form}", web::get().to(http::print::print_elder))
            .route("/certificates.csv", web::get().to(http::certificates::csv))
            // The figures' exports, before `/exports/{form}` so that their paths win.
            .route("/exports/rates", web::get().to(http::figure_exports::rates))
            .route("/exports/time-bank", web::get().to(http::figure_exports::time_bank))
            .route("/exports/volunteers", web::get().to(http::figure_exports::volunteers))
            .route(
                "/exports/time-bank/me",
                web::get().to(http::figure_exports::my_time_bank),
            )
            .route(
                "/exports/service-credit",
                web::get().to(http::figure_exports::service_credit),
            )
            .route("/exports/{form}", web::get().to(http::exports::export))
            .route("/city-overview.{format}", web::get().to(http::city::export))
            .route("/certificates/{id}", web::get().to(http::certificates::certificate))
            .route("/proofs/batch", web::get().to(http::certificates::proofs_batch))
            .route("/proofs/{id}", web::get().to(http::certificates::proof))
            .route("/photos/{sha256}", web::get().to(http::photos::download))
            .route("/calendar/{file}", web::get().to(http::calendar::feed))
            .route("/unsubscribe", web::get().to(http::unsubscribe::confirm_page))
            .route("/unsubscribe", web::post().to(http::unsubscribe::unsubscribe));
        app = if graphiql {
            app.app_data(web::Data::new(handler::GraphiqlPage(web_dir.join("graphiql.html"))))
                .route("/graphiql", web::get().to(handler::graphiql))
        } else {
            // The built page is a file of the web directory: not served in production either.
            app.route("/graphiql.html", web::get().to(HttpResponse::NotFound))
        };
        let index = web_dir.join("index.html");
        if index.is_file() {
            // A deep link of the client (`/v/schedule`) is answered with its index page; the
            // client's router takes it from there.
            app.app_data(web::Data::new(http::assets::WebDir(web_dir.clone())))
                .route("/assets/{file}", web::get().to(http::assets::asset))
                .service(
                    actix_files::Files::new("/", &web_dir)
                        .index_file("index.html")
                        .default_handler(web::get().to(move || {
                            let index = index.clone();
                            async move { actix_files::NamedFile::open_async(index).await }
                        })),
                )
        } else {
            app.route("/", web::get().to(landing_page))
        }
    })
    .listen(listener)?
    .run();
    Ok(server)
}

/// 200 with `{"status":"ok"}` when the database answers, 503 otherwise.
async fn health(db: web::Data<Database>) -> HttpResponse {
    match db.run(db::ping).await {
        Ok(()) => HttpResponse::Ok().json(json!({ "status": "ok", "database": db.url().backend_name() })),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            HttpResponse::ServiceUnavailable().json(json!({ "status": "unavailable" }))
        }
    }
}

/// Shown at `/` until the web client is built.
async fn landing_page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(LANDING_PAGE)
}

const LANDING_PAGE: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>探访 Tanfang</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto; line-height: 1.6">
<h1>探访 Tanfang</h1>
<p>探访关爱服务平台：确保每一位独居、留守、失能、高龄、困难老人都按政策要求得到定期探访，
探访记录统一格式，发现的风险得到处置，探访志愿者的服务时长计入时间银行或学生志愿服务学分。</p>
<p>Tanfang makes sure no elder living alone is forgotten: visits at the frequency local policy
requires, recorded in one shared format, with risks followed up and visitors credited.</p>
<p>网页端尚未构建。API: <a href="/graphiql">GraphiQL</a> · <code>POST /graphql</code> · <a href="/health">/health</a></p>
</body></html>"#;

/// Why the server cannot listen on `addr`, in the operator's words: a port already in use is
/// said to be in use (not "database unavailable", the variant's own words).
fn cannot_listen(addr: &str, e: &std::io::Error) -> AppError {
    let why = match e.kind() {
        std::io::ErrorKind::AddrInUse => "端口已被占用，请停止占用它的程序或用 --addr 换一个端口 (address in use)",
        std::io::ErrorKind::PermissionDenied => "没有权限监听该端口，请换一个 1024 以上的端口 (permission denied)",
        std::io::ErrorKind::AddrNotAvailable => "本机没有这个地址 (address not available)",
        _ => "无法监听 (cannot listen)",
    };
    AppError::Startup(format!("{addr}: {why}: {e}"))
}
