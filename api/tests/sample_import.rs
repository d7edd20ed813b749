//! The README's path for a new office, run as its operator would: `tanfang demo
//! --sample-ledger` (what `scripts/run.sh` does) writes a town's 台帐 in the seed's layout, and
//! `tanfang import elders` brings it in: a dry run reports exactly the sheet's two bad rows,
//! a plain import then writes nothing, `--valid-only` imports the rest, and a second import
//! doubles nobody. Embedded SQLite, as `scripts/run.sh` runs; the import's storage is tested on
//! both backends in the e2e suite (`imports::…`).
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use tanfang::demo::sample::{SAMPLE_ROWS, UNKNOWN_VILLAGE};

const BIN: &str = env!("CARGO_BIN_EXE_tanfang");
/// The demo's first town (镇): the sample is its 台帐.
const TOWN: &str = "500199001";

fn tanfang(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("TANFANG_DB")
        .env_remove("TANFANG_KEY_FILE")
        .output()
        .expect("run tanfang")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `第 N 行 列：原因` lines the import prints.
fn problem_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.trim_start().starts_with("第 ")).collect()
}

#[test]
fn the_demo_towns_sample_ledger_is_imported_as_an_office_would() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let sheet = dir.path().join("示例台帐.xlsx");
    let sheet_arg = sheet.to_str().unwrap();

    let demo = tanfang(&db, &["demo", "--elders", "60", "--sample-ledger", sheet_arg]);
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));
    assert!(
        stdout(&demo).contains(&format!("--area {TOWN} --dry-run")),
        "{}",
        stdout(&demo)
    );

    // The dry run names the two bad rows, on their columns, and writes nothing.
    let dry = tanfang(&db, &["import", "elders", sheet_arg, "--area", TOWN, "--dry-run"]);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    let text = stdout(&dry);
    let problems = problem_lines(&text);
    assert_eq!(problems.len(), 2, "{text}");
    assert!(problems.iter().any(|l| l.contains("身份证")), "{text}");
    assert!(
        problems.iter().any(|l| l.contains("村") && l.contains(UNKNOWN_VILLAGE)),
        "{text}"
    );
    let good = SAMPLE_ROWS - 2;
    let expected = format!(
        "共读取 {SAMPLE_ROWS} 行：可新建档案 {good} 份，可更新 0 份，已建档 0 行，有问题 2 行。这是试导入，未写入任何档案"
    );
    assert!(text.contains(&expected), "{text}");

    // A plain import refuses the whole sheet.
    let plain = tanfang(&db, &["import", "elders", sheet_arg, "--area", TOWN]);
    assert!(!plain.status.success(), "{}", stdout(&plain));
    assert!(String::from_utf8_lossy(&plain.stderr).contains("未导入任何档案"));

    // Only the valid rows, then the same sheet again: all of them are registered already.
    let valid = tanfang(&db, &["import", "elders", sheet_arg, "--area", TOWN, "--valid-only"]);
    assert!(valid.status.success(), "{}", String::from_utf8_lossy(&valid.stderr));
    assert!(
        stdout(&valid).contains(&format!("新建档案 {good} 份")),
        "{}",
        stdout(&valid)
    );
    let again = tanfang(&db, &["import", "elders", sheet_arg, "--area", TOWN, "--valid-only"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(
        stdout(&again).contains(&format!("新建档案 0 份，更新 0 份，已建档 {good} 行")),
        "{}",
        stdout(&again)
    );
}
