//! `docs/schema.graphql` is the committed API snapshot: it must equal what `tanfang schema`
//! prints. After an intended API change, refresh it with
//! `cargo run -q -- schema > docs/schema.graphql` and review the diff.

use std::process::Command;

#[test]
fn docs_schema_equals_tanfang_schema() {
    let output = Command::new(env!("CARGO_BIN_EXE_tanfang"))
        .arg("schema")
        .output()
        .expect("run tanfang schema");
    assert!(
        output.status.success(),
        "tanfang schema failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8(output.stdout).expect("UTF-8 SDL");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/schema.graphql");
    let committed = std::fs::read_to_string(path).expect("docs/schema.graphql exists");
    assert!(
        printed == committed,
        "docs/schema.graphql is out of date: run `cargo run -q -- schema > docs/schema.graphql` and commit it"
    );
    for expected in ["createElder", "updateElder", "elders(", "ElderFileInput", "createArea"] {
        assert!(printed.contains(expected), "the schema lacks {expected}");
    }
}
