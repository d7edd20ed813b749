//! The `tanfang` binary: serve, migrate, schema, demo, bootstrap, and (with the `bench`
//! feature, on by default) bench. Failures are reported on stderr as what failed, then why,
//! with exit code 1.

#![warn(clippy::indexing_slicing)]

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use indicatif::ProgressBar;
use tanfang::auth::keys::Keys;
use tanfang::config::{ClockArgs, DbArgs, KeyArgs, ServeArgs, ServerConfig};
use tanfang::db::{Database, DatabaseUrl};
use tanfang::demo::{self, generate::DemoPlan};
use tanfang::domain::access::Actor;
use tanfang::domain::policy::PackRegistry;
use tanfang::service::Call;
use tanfang::startup::Application;

#[derive(Parser)]
#[command(
    name = "tanfang",
    version,
    about = "探访 — visiting care for elders with special difficulties"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations and serve the API and web client.
    Serve(ServeArgs),
    /// Apply pending migrations and exit.
    Migrate(DbArgs),
    /// Sends the outbox (SMS and mail) and runs the periodic jobs, beside `serve --worker off`
    /// replicas or on its own; several may run on one PostgreSQL.
    Worker(WorkerArgs),
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Fill the database with the synthetic demo district (idempotent).
    Demo(DemoArgs),
    /// Bring an office's sheet in (see docs/operations.md, 导入老人名单).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Benchmarks (see docs/benchmarks.md).
    #[cfg(feature = "bench")]
    #[command(subcommand)]
    Bench(BenchCommand),
    /// On a new installation: create a district and its first district admin. The password
    /// is read from TANFANG_ADMIN_PASSWORD.
    Bootstrap(BootstrapArgs),
    /// Create a city (市, 4-digit code) and a city admin who sees its districts' figures side
    /// by side and no elder file. The password is read from TANFANG_ADMIN_PASSWORD.
    BootstrapCity(BootstrapCityArgs),
}

#[cfg(feature = "bench")]
#[derive(Subcommand)]
enum BenchCommand {
    /// Coverage of the demo district through GraphQL vs one plain SQL aggregate.
    Coverage(BenchCoverageArgs),
    /// The exact visit planner (min-cost max-flow) on a synthetic instance; compare with
    /// OR-tools through scripts/bench-plan.sh.
    Plan(BenchPlanArgs),
    /// Ledger postings vs plain INSERTs of the same rows, and balance reads at 10 vs 10,000
    /// transfers.
    Ledger(BenchLedgerArgs),
    /// The yubei 台帐 of N elders as we write it vs rust_xlsxwriter writing the same cells.
    Export(BenchExportArgs),
    /// Importing a generated yubei 台帐 vs calamine reading it plus batched plain INSERTs of
    /// the same rows, and the import's peak memory. Run on a fresh database.
    Import(BenchImportArgs),
}

#[cfg(feature = "bench")]
#[derive(clap::Args)]
struct BenchExportArgs {
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u32).range(1..=2_000_000))]
    elders: u32,
    /// Runs of each side; the median is reported.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    runs: u32,
}

#[cfg(feature = "bench")]
#[derive(clap::Args)]
struct BenchImportArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
    /// Rows of the generated 台帐.
    #[arg(long, default_value_t = 200_000, value_parser = clap::value_parser!(u32).range(1..=2_000_000))]
    rows: u32,
}

#[cfg(feature = "bench")]
#[derive(clap::Args)]
struct BenchLedgerArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Transfers per run and side.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    transfers: u32,
    /// Threads sending, each on its own pooled connection (the SQLite pool holds 8).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=7))]
    threads: u32,
    /// Holder accounts the postings are spread over.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    accounts: u32,
    /// Issuing accounts the postings come from (a district has one per book).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1_000))]
    issuing: u32,
    /// Runs of each side; the median is reported.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    runs: u32,
}

#[cfg(feature = "bench")]
#[derive(clap::Args)]
struct BenchPlanArgs {
    /// Towns, each with 1,000 elders and 100 visitors.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=3000))]
    towns: u32,
    /// Seed of the instance generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Instance file to write and read back (default: in the temporary directory).
    #[arg(long)]
    file: Option<std::path::PathBuf>,
    /// Threads solving towns in parallel.
    #[arg(long, default_value_t = 2)]
    threads: usize,
}

#[cfg(feature = "bench")]
#[derive(clap::Args)]
struct BenchCoverageArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
    #[arg(long, default_value_t = 100_000)]
    elders: u32,
    /// The month measured (one without festival windows in yubei-2024).
    #[arg(long, default_value = "2026-05")]
    month: String,
    /// Runs of each side; the median is reported.
    #[arg(long, default_value_t = 3)]
    runs: u32,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import elder files from an .xlsx 台帐 or 登记表 into an area: every row is checked
    /// first; nothing is written if a row fails unless --valid-only.
    Elders(ImportEldersArgs),
    /// Write Tanfang's empty import template for an area (lists to choose from).
    Template(ImportTemplateArgs),
}

#[derive(clap::Args)]
struct ImportEldersArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
    #[command(flatten)]
    clock: ClockArgs,
    /// The .xlsx file.
    file: std::path::PathBuf,
    /// The area (district, town or village code) the elders are brought into.
    #[arg(long)]
    area: String,
    /// Check every row and report; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Import the rows without problems even when others have some.
    #[arg(long)]
    valid_only: bool,
    /// Update the files of elders already registered (a dated change from today).
    #[arg(long)]
    update: bool,
    /// Also write the report as a sheet (.xlsx) here.
    #[arg(long)]
    report: Option<std::path::PathBuf>,
}

#[derive(clap::Args)]
struct ImportTemplateArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
    #[command(flatten)]
    clock: ClockArgs,
    /// The area whose towns and villages the lists offer.
    #[arg(long)]
    area: String,
    /// Where to write the template.
    #[arg(short, long)]
    output: std::path::PathBuf,
}

#[derive(clap::Args)]
struct BootstrapCityArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
    #[command(flatten)]
    clock: ClockArgs,
    /// 4-digit city code (GB/T 2260), e.g. 4407.
    #[arg(long)]
    city: String,
    /// City name, e.g. 江门市.
    #[arg(long)]
    name: String,
    /// Username of the city admin.
    #[arg(long)]
    admin: String,
    #[arg(long, env = "TANFANG_ADMIN_PASSWORD", hide_env_values = true)]
    password: String,
}

#[derive(clap::Args)]
struct BootstrapArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
    #[command(flatten)]
    clock: ClockArgs,
    /// 6-digit district code (行政区划代码).
    #[arg(long)]
    district: String,
    /// District name, e.g. 渝北区.
    #[arg(long)]
    name: String,
    /// Username of the first district admin.
    #[arg(long)]
    admin: String,
    #[arg(long, env = "TANFANG_ADMIN_PASSWORD", hide_env_values = true)]
    password: String,
}

#[derive(clap::Args)]
struct DemoArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
    #[command(flatten)]
    clock: ClockArgs,
    /// Seed of the generator: the same seed always gives the same district.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of elders (up to 1,000,000).
    #[arg(long, default_value_t = DemoPlan::DEFAULT_ELDERS as u32, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    elders: u32,
    /// Number of towns/streets.
    #[arg(long, default_value_t = DemoPlan::DEFAULT_TOWNS as u32, value_parser = clap::value_parser!(u32).range(1..=999))]
    towns: u32,
    /// Villages/communities per town.
    #[arg(long, default_value_t = DemoPlan::DEFAULT_VILLAGES_PER_TOWN as u32, value_parser = clap::value_parser!(u32).range(1..=999))]
    villages: u32,
    /// Also write a town's 台帐 in the yubei layout (elders not in the demo, two rows with
    /// problems) to FILE, to try `tanfang import elders` on.
    #[arg(long, value_name = "FILE")]
    sample_ledger: Option<std::path::PathBuf>,
    /// Where the demo's visit records keep their images (the elders' signatures): the folder
    /// `tanfang serve --photo-dir` reads; default `photos` beside the SQLite file.
    #[arg(long, value_name = "DIR", env = "TANFANG_PHOTO_DIR")]
    photo_dir: Option<std::path::PathBuf>,
}

#[derive(clap::Args)]
struct WorkerArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
    #[command(flatten)]
    clock: ClockArgs,
    #[command(flatten)]
    notify: tanfang::notify::config::NotifyArgs,
    /// One pass over what is due (the periodic jobs, then the outbox until nothing is due), then stop.
    #[arg(long)]
    once: bool,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        // Colour only on a terminal: a log written to a file or a pipe stays plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // What failed, then why: "tanfang: 未能…: cause: its cause".
            eprintln!("tanfang: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve(ServerConfig::from(args)),
        Command::Worker(args) => {
            let keys = load_keys(&args.keys, &args.db.db)?;
            let (db, _) = open(&args.db.db)?;
            if let Some(url) = &args.notify.public_url {
                tanfang::notify::set_public_base(url);
            }
            let worker = tanfang::startup::outbox_worker(&args.notify, &db, &keys, &packs()?, &args.clock.clock())
                .context("发送进程未能启动 (the outbox worker could not start)")?;
            if args.once {
                worker.run_due_jobs()?;
                let mut total = tanfang::notify::worker::Pass::default();
                loop {
                    let pass = worker.run_once()?;
                    if pass.taken() == 0 {
                        break;
                    }
                    total.sent += pass.sent;
                    total.retried += pass.retried;
                    total.dead += pass.dead;
                }
                println!(
                    "已发送 {} 条，待重试 {} 条，失败 {} 条 (sent, to retry, dead-lettered)",
                    total.sent, total.retried, total.dead
                );
                return Ok(());
            }
            tracing::info!("outbox worker running");
            worker.run(
                std::time::Duration::from_millis(args.notify.worker_poll_ms),
                &std::sync::atomic::AtomicBool::new(false),
            );
            Ok(())
        }
        Command::Migrate(args) => {
            let (_, applied) = open(&args.db)?;
            if applied.is_empty() {
                println!("数据库已是最新 (no pending migrations) — {}", args.db);
            }
            for name in applied {
                println!("applied {name}");
            }
            Ok(())
        }
        Command::Bootstrap(args) => {
            let (db, call) = system_call(&args.db, &args.keys, &args.clock, "bootstrap")?;
            let admin = db
                .with_conn(|c| {
                    tanfang::service::accounts::bootstrap_district(
                        c,
                        &call,
                        &args.district,
                        &args.name,
                        &args.admin,
                        &args.password,
                    )
                })
                .with_context(|| {
                    format!(
                        "未能创建区 {} 及其区管理员 (cannot bootstrap the district)",
                        args.district
                    )
                })?;
            println!(
                "已创建区管理员 (district admin created): {} — {}",
                admin.username, args.district
            );
            Ok(())
        }
        Command::BootstrapCity(args) => {
            let (db, call) = system_call(&args.db, &args.keys, &args.clock, "bootstrap")?;
            let admin = db
                .with_conn(|c| {
                    tanfang::service::accounts::bootstrap_city(
                        c,
                        &call,
                        &args.city,
                        &args.name,
                        &args.admin,
                        &args.password,
                    )
                })
                .with_context(|| format!("未能创建市 {} 及其市级管理员 (cannot bootstrap the city)", args.city))?;
            println!(
                "已创建市级管理员 (city admin created): {} — {}",
                admin.username, args.city
            );
            Ok(())
        }
        #[cfg(feature = "bench")]
        Command::Bench(command) => run_bench(command),
        Command::Import(command) => run_import(command),
        Command::Schema => {
            print!("{}", tanfang::graphql::sdl());
            Ok(())
        }
        Command::Demo(args) => {
            let plan = DemoPlan {
                towns: args.towns as usize,
                villages_per_town: args.villages as usize,
                elders: args.elders as usize,
                ..DemoPlan::with_seed(args.seed)
            };
            let keys = load_keys(&args.keys, &args.db.db)?;
            let (db, _) = open(&args.db.db)?;
            let now = args.clock.clock().now();
            let summary = demo::run(&db, &keys, packs()?, &plan, now, &ProgressBar::new(0))
                .context("未能生成示范区 (cannot fill the demo district)")?;
            println!(
                "示范区已就绪 (demo district ready) — {}: {} 个区划新增, {} 位老人新增, {} 位已存在",
                args.db.db, summary.areas_added, summary.elders_added, summary.elders_present
            );
            let others = demo::city::run(&db, &keys, packs()?, plan.seed, now)
                .context("未能生成示范市的其他区 (cannot fill the demo city's other districts)")?;
            println!(
                "示范市其他区已就绪 (the city's other districts ready): {} 个区划新增, {} 位老人新增, {} 位已存在",
                others.areas_added, others.elders_added, others.elders_present
            );
            let first = demo::first_look(&db, &keys, packs()?, &plan, now)
                .context("未能准备示范区的志愿者和本月时段 (cannot add the volunteers and this month's slots)")?;
            println!(
                "示范区志愿者和本月探访时段 (volunteers and this month's slots): {} 位志愿者新增, 本月 {} 个时段（新增 {} 个）",
                first.visitors_added, first.slots.wanted, first.slots.created
            );
            let photos = tanfang::service::photos::PhotoStore::new(
                args.photo_dir
                    .clone()
                    .unwrap_or_else(|| tanfang::config::default_photo_dir(&args.db.db)),
            );
            let past = demo::history::history(&db, &keys, &packs()?, &plan, now, &photos)
                .context("未能生成示范区的探访历史 (cannot write the demo's past visits)")?;
            println!(
                "第一个镇街的探访历史 (the first town's past visits): 新增 {} 次探访，其中上月 {} 次",
                past.visits_added, past.previous_month
            );
            println!("登录账号 (demo logins), 密码均为 (password) {}:", demo::DEMO_PASSWORD);
            for login in summary.logins.iter().chain(&others.logins) {
                println!("  {:<18} {:<10} {}", login.username, login.role.label_zh(), login.note);
            }
            if let Some(path) = &args.sample_ledger {
                let (town, bytes) = demo::sample::town_ledger(&plan, tanfang::domain::clock::district_date(now))
                    .context("未能生成示例台帐 (cannot write the sample ledger)")?;
                std::fs::write(path, bytes)
                    .with_context(|| format!("未能写入示例台帐 (cannot write) {}", path.display()))?;
                println!(
                    "示例台帐 (sample 台帐): {} — 试导入 (try): tanfang import elders {} --area {town} --dry-run",
                    path.display(),
                    path.display()
                );
            }
            Ok(())
        }
    }
}

/// `tanfang import …`: run on the server by its operator, as the system (audited as
/// `system:import`).
fn run_import(command: ImportCommand) -> anyhow::Result<()> {
    use tanfang::service::imports;
    match command {
        ImportCommand::Elders(args) => {
            let bytes = std::fs::read(&args.file)
                .with_context(|| format!("未能读取文件 (cannot read the file) — {}", args.file.display()))?;
            let (db, call) = system_call(&args.db, &args.keys, &args.clock, "import")?;
            let options = imports::ImportOptions {
                dry_run: args.dry_run,
                valid_only: args.valid_only,
                update: args.update,
            };
            let bar = ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 行 ({per_sec}, 剩余 {eta})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let report = db
                .with_conn(|c| imports::import_elders(c, &call, &args.area, &bytes, options, &bar))
                .context("未能导入 (the import failed)")?;
            bar.finish_and_clear();
            println!("{}", report.summary);
            println!("版式：{}；工作表：{}", report.layout, report.sheet);
            for p in &report.problems {
                println!("  第 {} 行 {}：{}", p.row, p.column, p.message);
            }
            if report.problems_total > report.problems.len() {
                println!(
                    "  ……另有 {} 条问题见报告表",
                    report.problems_total - report.problems.len()
                );
            }
            if let Some(path) = &args.report {
                let sheet = imports::report_sheet(&report).context("未能生成报告表")?;
                std::fs::write(path, sheet)
                    .with_context(|| format!("未能写入报告表 (cannot write the report) — {}", path.display()))?;
                println!("报告表已写入 (report written): {}", path.display());
            }
            if report.failed_rows > 0 && !report.written && !report.dry_run && !report.valid_only {
                anyhow::bail!("有 {} 行有问题，未导入任何档案 (nothing imported)", report.failed_rows);
            }
            Ok(())
        }
        ImportCommand::Template(args) => {
            let (db, call) = system_call(&args.db, &args.keys, &args.clock, "import")?;
            let bytes = db
                .with_conn(|c| imports::template(c, &call, &args.area))
                .context("未能生成导入模板 (cannot write the template)")?;
            std::fs::write(&args.output, bytes)
                .with_context(|| format!("未能写入 (cannot write) — {}", args.output.display()))?;
            println!("导入模板已写入 (template written): {}", args.output.display());
            Ok(())
        }
    }
}

/// Builds the server and runs it until it is stopped.
fn serve(config: ServerConfig) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(&config).context("服务未能启动 (the server could not start)")?;
        app.run_until_stopped()
            .await
            .context("服务异常停止 (the server stopped with an error)")
    })
}

/// The policy packs, parsed once for the command; a broken pack stops it with its file and line.
fn packs() -> anyhow::Result<Arc<PackRegistry>> {
    Ok(Arc::new(
        PackRegistry::builtin().context("政策包有误 (a policy pack does not load)")?,
    ))
}

/// Opens the database and applies pending migrations; the names of those applied.
fn open(url: &DatabaseUrl) -> anyhow::Result<(Database, Vec<String>)> {
    Database::open_and_migrate(url)
        .with_context(|| format!("未能打开或迁移数据库 (cannot open or migrate the database) — {url}"))
}

/// The keys of the database's installation (a key file or the environment).
/// The database and a call as the system (`system:<who>` in the audit log), for a command run
/// on the server by its operator.
fn system_call(db: &DbArgs, keys: &KeyArgs, clock: &ClockArgs, who: &str) -> anyhow::Result<(Database, Call)> {
    let keys = load_keys(keys, &db.db)?;
    let (database, _) = open(&db.db)?;
    let call = Call::at(clock.clock().now(), Actor::system(who), keys.cipher(), packs()?);
    Ok((database, call))
}

fn load_keys(keys: &KeyArgs, db: &DatabaseUrl) -> anyhow::Result<Keys> {
    keys.load(db).context("未能读取密钥 (cannot load the keys)")
}

/// `tanfang bench …`: runs one benchmark of [`tanfang::bench`] and prints its figures.
#[cfg(feature = "bench")]
fn run_bench(command: BenchCommand) -> anyhow::Result<()> {
    use tanfang::bench;
    use tanfang::domain::period::Month;

    match command {
        BenchCommand::Coverage(args) => {
            let month = Month::parse(&args.month).context("--month 应形如 2026-05 (--month must look like 2026-05)")?;
            let keys = load_keys(&args.keys, &args.db.db)?;
            let (db, _) = open(&args.db.db)?;
            let r = bench::coverage(
                &db,
                &keys,
                &packs()?,
                args.elders as usize,
                month,
                args.runs.max(1) as usize,
            )
            .context("覆盖率基准未能完成 (the coverage benchmark failed)")?;
            let ratio = r.graphql.as_secs_f64() / r.sql.as_secs_f64().max(1e-9);
            let closed_ratio = r.closed.as_secs_f64() / r.sql.as_secs_f64().max(1e-9);
            println!("backend        {}", db.url().backend_name());
            println!("elders         {}", r.elders);
            println!("visits         {}", r.visits);
            println!("fact changes   {}", r.fact_changes);
            println!(
                "graphql        {:.3} s  (denominator {}, met {})",
                r.graphql.as_secs_f64(),
                r.graphql_figures.0,
                r.graphql_figures.1
            );
            println!(
                "plain sql      {:.3} s  (denominator {}, met {})",
                r.sql.as_secs_f64(),
                r.sql_figures.0,
                r.sql_figures.1
            );
            println!(
                "closed month   {:.3} s  (denominator {}, met {})",
                r.closed.as_secs_f64(),
                r.closed_figures.0,
                r.closed_figures.1
            );
            println!("open ratio     {ratio:.2}x  (target <= 1.5x)");
            println!("closed ratio   {closed_ratio:.2}x  (target <= 0.2x)");
            println!(
                "figures agree  {}",
                r.graphql_figures == r.sql_figures && r.closed_figures == r.sql_figures
            );
            Ok(())
        }
        BenchCommand::Plan(args) => {
            let file = args.file.unwrap_or_else(|| {
                std::env::temp_dir().join(format!("tanfang-plan-T{}-s{}.txt", args.towns, args.seed))
            });
            let options = bench::plan::PlanBenchOptions {
                towns: args.towns as usize,
                seed: args.seed,
                file,
                threads: args.threads.max(1),
            };
            let result = bench::plan::run(options).context("规划基准未能完成 (the plan benchmark failed)")?;
            println!("{result}");
            Ok(())
        }
        BenchCommand::Import(args) => {
            let keys = load_keys(&args.keys, &args.db.db)?;
            let (db, _) = open(&args.db.db)?;
            let result = bench::import::run(&db, &keys, packs()?, args.rows as usize)
                .context("导入基准未能完成 (the import benchmark failed)")?;
            println!("backend        {}", db.url().backend_name());
            println!("{result}");
            Ok(())
        }
        BenchCommand::Ledger(args) => {
            let (db, _) = open(&args.db.db)?;
            let options = bench::ledger::LedgerBenchOptions {
                transfers: args.transfers as usize,
                threads: args.threads as usize,
                accounts: args.accounts as usize,
                issuing: args.issuing as usize,
                runs: args.runs as usize,
            };
            let result =
                bench::ledger::run(&db, packs()?, options).context("账本基准未能完成 (the ledger benchmark failed)")?;
            println!("{result}");
            Ok(())
        }
        BenchCommand::Export(args) => {
            let result = bench::export::run(args.elders as usize, args.runs as usize)
                .context("导出基准未能完成 (the export benchmark failed)")?;
            println!("{result}");
            Ok(())
        }
    }
}
