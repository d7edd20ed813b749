//! The demo's risk alarm lands in the data folder (issue #17, "Done when"): on the demo
//! district as `tanfang demo` seeds it, a visit that finds a major risk puts the family's SMS
//! (JSON) and the town's mail (`.eml`) into the outbox folder through the file transports,
//! addressed to the elder's emergency contact and the demo town organizer, without an ID
//! number.

use indicatif::ProgressBar;
use serde_json::json;
use tanfang::db::Database;
use tanfang::demo::generate::{self, DemoPlan};
use tanfang::demo::DEMO_PASSWORD;
use tanfang::domain::area::AreaLevel;
use tanfang::domain::id_number::IdNumber;
use tanfang::notify::config::NotifyArgs;
use tanfang::startup::outbox_worker;
use tanfang_e2e::{accepted_visit_finding, per_backend, Backend, TestApp};

use crate::outbox::id_like_tokens;

/// The demo town organizer's address, as the demo seeds it.
const TOWN_MAIL: &str = "town.organizer@tanfang-demo.example";

/// Every file under `dir` (recursively) with its name and content.
fn files(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("outbox folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, std::fs::read_to_string(&path).expect("a text file")));
        }
    }
    out
}

async fn a_risk_found_on_the_demo_puts_the_familys_sms_and_the_towns_mail_in_the_outbox_folder(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let db = Database::open(&app.db.url).expect("open");
    let plan = DemoPlan {
        elders: 60,
        ..DemoPlan::with_seed(7)
    };
    tanfang::demo::run(
        &db,
        &app.keys(),
        tanfang_e2e::packs(),
        &plan,
        app.clock.now(),
        &ProgressBar::hidden(),
    )
    .expect("demo seeded");

    // An elder of the organizer's town (the first village's) with an emergency contact.
    let areas = generate::areas(&plan);
    let first_village = areas.iter().find(|a| a.level == AreaLevel::Village).expect("a village");
    let town = first_village.parent_code.clone().expect("its town");
    let villages: Vec<_> = areas
        .iter()
        .filter(|a| a.level == AreaLevel::Village)
        .cloned()
        .collect();
    let in_town: Vec<String> = areas
        .iter()
        .filter(|a| a.parent_code.as_deref() == Some(town.as_str()))
        .map(|a| a.code.clone())
        .collect();
    let (index, contacts) = (0..plan.elders)
        .find_map(|i| {
            let input = generate::elder(&plan, &villages, i, tanfang_e2e::today());
            let contacts = input.emergency_contacts.clone().unwrap_or_default();
            (in_town.contains(&input.village_code) && !contacts.is_empty()).then_some((i, contacts))
        })
        .expect("a demo elder of the first town with an emergency contact");
    let elder = generate::elder_id(plan.seed, index).to_string();

    let organizer = app.token("town.organizer", DEMO_PASSWORD).await;
    accepted_visit_finding(
        &app,
        &organizer,
        &elder,
        "IN_PERSON",
        "2026-11-17T09:00:00",
        json!({"support": {"hasCarer": false}}),
    )
    .await;

    // The worker as `tanfang serve` builds it from its settings: the embedded default, files.
    let folder = tempfile::tempdir().expect("data folder");
    let outbox = folder.path().join("outbox");
    let settings = NotifyArgs::files_in(&outbox);
    let worker = outbox_worker(&settings, &db, &app.keys(), &tanfang_e2e::packs(), &app.clock).expect("worker");
    let pass = worker.run_once().expect("pass");
    assert_eq!(pass.dead + pass.retried, 0, "{pass:?}");

    let written = files(&outbox);
    let sms: Vec<serde_json::Value> = written
        .iter()
        .filter(|(name, _)| name.ends_with(".json"))
        .map(|(_, content)| serde_json::from_str(content).expect("an SMS file is JSON"))
        .collect();
    let family: Vec<&serde_json::Value> = sms.iter().filter(|s| s["kind"] == "case_opened").collect();
    let phones: Vec<&str> = contacts.iter().map(|c| c.phone.as_str()).collect();
    assert!(
        family.iter().any(|s| s["to"] == phones[0]),
        "the first emergency contact is texted: {family:?}"
    );
    for text in &family {
        assert!(
            phones.iter().any(|p| text["to"] == *p),
            "only the elder's contacts: {text}"
        );
        assert_eq!(text["params"]["risk"], "无人照料");
    }
    let mails: Vec<mail_parser::Message<'_>> = written
        .iter()
        .filter(|(name, _)| name.ends_with(".eml"))
        .map(|(_, content)| {
            mail_parser::MessageParser::default()
                .parse(content.as_bytes())
                .expect("parses")
        })
        .collect();
    let to_town = mails
        .iter()
        .find(|m| {
            m.to()
                .and_then(|to| to.first())
                .and_then(|a| a.address())
                .is_some_and(|a| a == TOWN_MAIL)
        })
        .unwrap_or_else(|| {
            let names: Vec<&String> = written.iter().map(|(name, _)| name).collect();
            let to: Vec<_> = mails.iter().map(|m| format!("{:?}", m.to())).collect();
            panic!("the town's mail: files {names:?}, mails to {to:?}")
        });
    assert!(
        to_town
            .subject()
            .is_some_and(|s| s.starts_with("【探访】新风险个案：无人照料")),
        "{:?}",
        to_town.subject()
    );
    // Every file as stored, and every mail's decoded subject and text.
    let mut texts: Vec<(String, String)> = written.clone();
    for mail in &mails {
        let decoded = format!("{:?} {:?}", mail.subject(), mail.body_text(0));
        texts.push(("a mail, decoded".to_string(), decoded));
    }
    for (name, content) in &texts {
        for token in id_like_tokens(content) {
            assert!(
                IdNumber::parse(&token, tanfang_e2e::today()).is_err(),
                "{name} carries an ID number"
            );
        }
    }
}

per_backend!(a_risk_found_on_the_demo_puts_the_familys_sms_and_the_towns_mail_in_the_outbox_folder);
