//! `tanfang demo` as an operator runs it: besides the demo district it fills the demo city's
//! other districts, one per pack, prints each one's admin login, and a second run adds nothing.
//! Embedded SQLite, as `scripts/run.sh` runs; the districts' exports are tested on both
//! backends in the e2e suite (`demo_districts::…`).
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Output;

use tanfang::demo::city::{ELDERS, OTHER_DISTRICTS};

const BIN: &str = env!("CARGO_BIN_EXE_tanfang");

fn demo(db: &Path) -> Output {
    std::process::Command::new(BIN)
        .args(["demo", "--elders", "10", "--towns", "1", "--villages", "1", "--db"])
        .arg(db)
        .env_remove("TANFANG_DB")
        .env_remove("TANFANG_KEY_FILE")
        .output()
        .expect("run tanfang")
}

#[test]
fn the_demo_fills_a_district_per_pack_once_and_prints_their_logins() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let first = demo(&db);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let text = String::from_utf8_lossy(&first.stdout).into_owned();
    // Four districts, each of itself, 2 towns and 4 villages, and 40 elders.
    let added = format!("{} 个区划新增, {} 位老人新增, 0 位已存在", 4 * 7, 4 * ELDERS);
    assert!(text.contains(&added), "{text}");
    for district in &OTHER_DISTRICTS {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{} ", district.admin)))
            .unwrap_or_else(|| panic!("no login line for {}: {text}", district.admin));
        assert!(line.contains(district.pack), "{line}");
    }

    let second = demo(&db);
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    let text = String::from_utf8_lossy(&second.stdout).into_owned();
    let present = format!("0 个区划新增, 0 位老人新增, {} 位已存在", 4 * ELDERS);
    assert!(text.contains(&present), "{text}");
    assert!(text.contains("0 个区划新增, 0 位老人新增, 10 位已存在"), "{text}");
}
