//! The `tanfang` binary: serve, migrate, schema, demo.

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use indicatif::ProgressBar;
use tanfang::config::{ClockArgs, DbArgs, KeyArgs, ServeArgs, ServerConfig};
use tanfang::db::Database;
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
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Fill the database with the synthetic demo district (idempotent).
    Demo(DemoArgs),
    /// Benchmarks (see docs/benchmarks.md).
    #[command(subcommand)]
    Bench(BenchCommand),
    /// On a new installation: create a district and its first district admin. The password
    /// is read from TANFANG_ADMIN_PASSWORD.
    Bootstrap(BootstrapArgs),
}

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
}

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
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tanfang: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Serve(args) => {
            let config = ServerConfig::from(args);
            actix_web::rt::System::new().block_on(async move {
                let app = Application::build(config).map_err(|e| e.to_string())?;
                app.run_until_stopped().await.map_err(|e| e.to_string())
            })
        }
        Command::Migrate(args) => {
            let (_, applied) = Database::open_and_migrate(&args.db).map_err(|e| e.to_string())?;
            if applied.is_empty() {
                println!("数据库已是最新 (no pending migrations) — {}", args.db);
            }
            for name in applied {
                println!("applied {name}");
            }
            Ok(())
        }
        Command::Bootstrap(args) => {
            let keys = args.keys.load(&args.db.db).map_err(|e| e.to_string())?;
            let (db, _) = Database::open_and_migrate(&args.db.db).map_err(|e| e.to_string())?;
            let call = Call::at(
                args.clock.clock().now(),
                Actor::system("bootstrap"),
                keys.cipher(),
                packs()?,
            );
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
                .map_err(|e| e.to_string())?;
            println!(
                "已创建区管理员 (district admin created): {} — {}",
                admin.username, args.district
            );
            Ok(())
        }
        Command::Bench(BenchCommand::Coverage(args)) => {
            let month = tanfang::domain::period::Month::parse(&args.month).ok_or("--month must look like 2026-05")?;
            let keys = args.keys.load(&args.db.db).map_err(|e| e.to_string())?;
            let (db, _) = Database::open_and_migrate(&args.db.db).map_err(|e| e.to_string())?;
            let r = tanfang::bench::coverage(
                &db,
                &keys,
                packs()?,
                args.elders as usize,
                month,
                args.runs.max(1) as usize,
            )
            .map_err(|e| e.to_string())?;
            let ratio = r.graphql.as_secs_f64() / r.sql.as_secs_f64().max(1e-9);
            println!("backend        {}", db.url().backend_name());
            println!("elders         {}", r.elders);
            println!("visits         {}", r.visits);
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
            println!("ratio          {ratio:.1}x  (target <= 1.5x)");
            println!("figures agree  {}", r.graphql_figures == r.sql_figures);
            Ok(())
        }
        Command::Bench(BenchCommand::Plan(args)) => {
            let file = args.file.unwrap_or_else(|| {
                std::env::temp_dir().join(format!("tanfang-plan-T{}-s{}.txt", args.towns, args.seed))
            });
            let options = tanfang::plan_bench::PlanBenchOptions {
                towns: args.towns as usize,
                seed: args.seed,
                file,
                threads: args.threads.max(1),
            };
            println!("{}", tanfang::plan_bench::run(options)?);
            Ok(())
        }
        Command::Bench(BenchCommand::Ledger(args)) => {
            let (db, _) = Database::open_and_migrate(&args.db.db).map_err(|e| e.to_string())?;
            let options = tanfang::ledger_bench::LedgerBenchOptions {
                transfers: args.transfers as usize,
                threads: args.threads as usize,
                accounts: args.accounts as usize,
                issuing: args.issuing as usize,
                runs: args.runs as usize,
            };
            println!(
                "{}",
                tanfang::ledger_bench::run(&db, packs()?, options).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        Command::Schema => {
            print!("{}", tanfang::graphql::sdl());
            Ok(())
        }
        Command::Demo(args) => {
            let plan = DemoPlan {
                seed: args.seed,
                towns: args.towns as usize,
                villages_per_town: args.villages as usize,
                elders: args.elders as usize,
            };
            let keys = args.keys.load(&args.db.db).map_err(|e| e.to_string())?;
            let (db, _) = Database::open_and_migrate(&args.db.db).map_err(|e| e.to_string())?;
            let summary = demo::run(
                &db,
                &keys,
                packs()?,
                &plan,
                args.clock.clock().now(),
                &ProgressBar::new(0),
            )
            .map_err(|e| e.to_string())?;
            println!(
                "示范区已就绪 (demo district ready) — {}: {} 个区划新增, {} 位老人新增, {} 位已存在",
                args.db.db, summary.areas_added, summary.elders_added, summary.elders_present
            );
            println!("登录账号 (demo logins), 密码均为 (password) {}:", demo::DEMO_PASSWORD);
            for login in &summary.logins {
                println!("  {:<18} {:<10} {}", login.username, login.role.label_zh(), login.note);
            }
            Ok(())
        }
    }
}

/// The policy packs, parsed once for the command; a broken pack stops it with its file and line.
fn packs() -> Result<Arc<PackRegistry>, String> {
    PackRegistry::builtin()
        .map(Arc::new)
        .map_err(|e| format!("policy pack: {e}"))
}
