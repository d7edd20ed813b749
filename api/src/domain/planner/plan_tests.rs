//! Tests of the planning model: each eligibility rule, and the proposals and replans on
//! hundreds of small random instances against a brute force written here (its own
//! eligibility, candidate links and costs, enumerating every assignment).

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

const TOWN: &str = "330102001";

fn slot(id: &str) -> SlotDemand {
    SlotDemand {
        slot_id: id.into(),
        elder_id: ElderId::new(format!("elder-{id}")),
        village_code: format!("{TOWN}001"),
        town_code: TOWN.to_owned(),
        location: Some(GeoPoint { lat: 30.0, lon: 120.0 }),
        in_person: true,
        needs_professional: false,
        window: (day(3), day(5)),
        previous_visitors: Vec::new(),
    }
}

fn visitor(id: &str) -> VisitorSupply {
    VisitorSupply {
        visitor_id: id.into(),
        town_code: TOWN.to_owned(),
        location: Some(GeoPoint { lat: 30.0, lon: 120.0 }),
        remaining_capacity: 1,
        professional: false,
        minor: false,
        available_days: vec![day(4)],
        no_shows: 0,
        untrained: false,
    }
}

// ---------------------------------------------------------------------------------------
// Eligibility, one rule at a time.

#[test]
fn eligible_baseline() {
    assert_eq!(check_eligibility(&slot("s"), &visitor("v")), Ok(()));
    assert!(is_eligible(&slot("s"), &visitor("v")));
}

#[test]
fn rule_same_town() {
    let mut v = visitor("v");
    v.town_code = "330102002".to_owned();
    assert_eq!(check_eligibility(&slot("s"), &v), Err(Ineligibility::OtherTown));
    v.town_code = TOWN.to_owned();
    assert_eq!(check_eligibility(&slot("s"), &v), Ok(()));
}

#[test]
fn rule_capacity() {
    let mut v = visitor("v");
    v.remaining_capacity = 0;
    assert_eq!(check_eligibility(&slot("s"), &v), Err(Ineligibility::NoCapacity));
    v.remaining_capacity = 1;
    assert!(is_eligible(&slot("s"), &v));
    v.remaining_capacity = 7;
    assert!(is_eligible(&slot("s"), &v));
}

#[test]
fn rule_availability_in_window() {
    let s = slot("s"); // window 3..=5
    let mut v = visitor("v");
    for (days, ok) in [
        (vec![], false),
        (vec![day(2)], false),
        (vec![day(6)], false),
        (vec![day(1), day(2), day(6), day(9)], false),
        (vec![day(3)], true),                 // first day, inclusive
        (vec![day(5)], true),                 // last day, inclusive
        (vec![day(9), day(1), day(4)], true), // any order
    ] {
        v.available_days = days.clone();
        let expected = if ok { Ok(()) } else { Err(Ineligibility::NotAvailable) };
        assert_eq!(check_eligibility(&s, &v), expected, "{days:?}");
    }
    // A reversed window has no day.
    let mut reversed = slot("s");
    reversed.window = (day(5), day(3));
    v.available_days = vec![day(3), day(4), day(5)];
    assert_eq!(check_eligibility(&reversed, &v), Err(Ineligibility::NotAvailable));
    // A one-day window.
    let mut one = slot("s");
    one.window = (day(4), day(4));
    v.available_days = vec![day(4)];
    assert!(is_eligible(&one, &v));
}

#[test]
fn rule_minor_never_in_person() {
    let mut v = visitor("v");
    v.minor = true;
    let mut s = slot("s");
    s.in_person = true;
    assert_eq!(check_eligibility(&s, &v), Err(Ineligibility::MinorInPerson));
    let untrained = VisitorSupply {
        untrained: true,
        ..visitor("u")
    };
    assert_eq!(check_eligibility(&s, &untrained), Err(Ineligibility::Untrained));
    let phone = SlotDemand {
        in_person: false,
        ..s.clone()
    };
    assert!(check_eligibility(&phone, &untrained).is_ok(), "phone is not held back");
    s.in_person = false; // phone or video
    assert_eq!(check_eligibility(&s, &v), Ok(()));
    v.minor = false;
    s.in_person = true;
    assert_eq!(check_eligibility(&s, &v), Ok(()));
}

#[test]
fn rule_professional_only_where_needed() {
    let mut s = slot("s");
    s.needs_professional = true;
    let mut v = visitor("v");
    assert_eq!(check_eligibility(&s, &v), Err(Ineligibility::NeedsProfessional));
    v.professional = true;
    assert_eq!(check_eligibility(&s, &v), Ok(()));
    // Professionals also take ordinary slots.
    s.needs_professional = false;
    assert_eq!(check_eligibility(&s, &v), Ok(()));
}

#[test]
fn distances() {
    let a = GeoPoint { lat: 30.0, lon: 120.0 };
    assert_eq!(distance_m(a, a), 0);
    // One degree of latitude (or of longitude on the equator) is 111,195 m on the mean sphere.
    assert_eq!(
        distance_m(GeoPoint { lat: 0.0, lon: 0.0 }, GeoPoint { lat: 1.0, lon: 0.0 }),
        111_195
    );
    assert_eq!(
        distance_m(GeoPoint { lat: 0.0, lon: 0.0 }, GeoPoint { lat: 0.0, lon: 1.0 }),
        111_195
    );
    let b = GeoPoint {
        lat: 30.01,
        lon: 120.02,
    };
    assert_eq!(distance_m(a, b), distance_m(b, a));
    // Equirectangular check at this scale: within a metre.
    let dy = 0.01f64.to_radians() * EARTH_RADIUS_M;
    let dx = 0.02f64.to_radians() * EARTH_RADIUS_M * 30.005f64.to_radians().cos();
    assert!((distance_m(a, b) as f64 - dx.hypot(dy)).abs() <= 1.0);
    assert!(!GeoPoint {
        lat: f64::NAN,
        lon: 0.0
    }
    .is_valid());
    assert!(!GeoPoint { lat: 91.0, lon: 0.0 }.is_valid());
}

// ---------------------------------------------------------------------------------------
// Small hand-made cases.

#[test]
fn continuity_links_a_far_previous_visitor_and_prefers_it() {
    let mut s = slot("s");
    s.previous_visitors = vec!["far".into()];
    let near = visitor("near");
    let mut far = visitor("far");
    far.location = Some(GeoPoint {
        lat: 30.015,
        lon: 120.0,
    }); // about 1.7 km
    let rules = PlanRules {
        nearest: 1,
        ..PlanRules::default()
    };
    let links = candidate_links(&[s.clone()], &[near.clone(), far.clone()], &rules).unwrap();
    assert_eq!(links.len(), 2);
    let p = propose(&[s.clone()], &[near.clone(), far.clone()], &rules).unwrap();
    assert_eq!(p.assignments.len(), 1);
    let a = &p.assignments[0];
    assert_eq!((a.visitor_id.as_str(), a.continuity, a.cost), ("far", true, 0));
    assert_eq!(a.distance_m, 1_668);
    // Without the bonus the nearer visitor wins.
    let rules = PlanRules {
        continuity_bonus_m: 0,
        ..rules
    };
    let p = propose(&[s], &[near, far], &rules).unwrap();
    assert_eq!(p.assignments[0].visitor_id, "near");
}

#[test]
fn reliable_visitors_first_among_equals_but_never_at_a_cost() {
    // Two visitors at the same place: "a" sorts first but missed two visits; "b" gets it.
    let mut a = visitor("a");
    a.no_shows = 2;
    let b = visitor("b");
    let p = propose(&[slot("s")], &[a.clone(), b.clone()], &PlanRules::default()).unwrap();
    assert_eq!(p.assignments[0].visitor_id.as_str(), "b");
    assert_eq!(p.total_cost, 0);
    // Without no-shows, the tie goes to the smaller id as before.
    let p = propose(&[slot("s")], &[visitor("a"), b.clone()], &PlanRules::default()).unwrap();
    assert_eq!(p.assignments[0].visitor_id.as_str(), "a");
    // A reliable visitor further away does not win: cost comes first.
    let mut far = visitor("b");
    far.location = Some(GeoPoint { lat: 30.01, lon: 120.0 });
    let p = propose(&[slot("s")], &[a.clone(), far.clone()], &PlanRules::default()).unwrap();
    assert_eq!(p.assignments[0].visitor_id.as_str(), "a");
    assert_eq!(p.total_cost, 0);
    // Coverage comes first too: two slots, both visitors used whatever their no-shows.
    let (mut a2, mut b2) = (a, b);
    a2.remaining_capacity = 1;
    b2.remaining_capacity = 1;
    let p = propose(&[slot("s1"), slot("s2")], &[a2, b2], &PlanRules::default()).unwrap();
    assert_eq!(p.assignments.len(), 2);
    assert!(p.uncovered.is_empty());
}

#[test]
fn unknown_locations_use_the_assumed_distance() {
    let mut s = slot("s");
    s.location = None;
    let p = propose(&[s], &[visitor("v")], &PlanRules::default()).unwrap();
    let a = &p.assignments[0];
    assert_eq!((a.distance_m, a.distance_estimated, p.total_cost), (5_000, true, 5_000));
}

#[test]
fn shortfall_by_village() {
    let mut slots = Vec::new();
    for (id, village, needs_professional) in [
        ("a1", "V-A", true),
        ("a2", "V-A", true),
        ("a3", "V-A", false),
        ("b1", "V-B", true),
        ("c1", "V-C", false),
    ] {
        let mut s = slot(id);
        s.village_code = village.to_owned();
        s.needs_professional = needs_professional;
        slots.push(s);
    }
    let mut pro = visitor("pro");
    pro.professional = true;
    let mut helper = visitor("helper");
    helper.remaining_capacity = 2;
    let p = propose(&slots, &[pro, helper], &PlanRules::default()).unwrap();
    // Three professional slots, one professional: two of them stay open; a3 and c1 are covered.
    assert_eq!(p.assignments.len(), 3);
    assert_eq!(p.uncovered.len(), 2);
    let total: u32 = p.shortfall_by_village.values().sum();
    assert_eq!(total, 2);
    let mut expected: BTreeMap<String, u32> = BTreeMap::new();
    for id in &p.uncovered {
        let s = slots.iter().find(|s| &s.slot_id == id).unwrap();
        *expected.entry(s.village_code.clone()).or_default() += 1;
    }
    assert_eq!(p.shortfall_by_village, expected);
    assert!(!p.shortfall_by_village.contains_key("V-C"));
    assert!(p.assignments.iter().any(|a| a.slot_id == "a3") && p.assignments.iter().any(|a| a.slot_id == "c1"));
}

#[test]
fn duplicates_are_refused() {
    let r = propose(&[slot("s"), slot("s")], &[visitor("v")], &PlanRules::default());
    assert_eq!(r, Err(PlanError::DuplicateSlot("s".to_owned())));
    let r = propose(&[slot("s")], &[visitor("v"), visitor("v")], &PlanRules::default());
    assert_eq!(r, Err(PlanError::DuplicateVisitor("v".to_owned())));
    let r = replan_after_dropout(
        &Proposal::default(),
        &[slot("s")],
        &[visitor("v"), visitor("v")],
        &PlanRules::default(),
        &"v".into(),
    );
    assert_eq!(r, Err(PlanError::DuplicateVisitor("v".to_owned())));
}

#[test]
fn empty_inputs() {
    let p = propose(&[], &[], &PlanRules::default()).unwrap();
    assert_eq!(p, Proposal::default());
    let p = propose(&[slot("s")], &[], &PlanRules::default()).unwrap();
    assert_eq!(p.uncovered, vec![SlotId::from("s")]);
    assert_eq!(p.shortfall_by_village.get(&format!("{TOWN}001")), Some(&1));
}

#[test]
fn dropout_keeps_untouched_assignments() {
    // x takes s1 (near), y takes s2; x drops out: s1 goes to z; s2 stays with y even though
    // z is as close to s2 as y is.
    let mut s1 = slot("s1");
    s1.location = Some(GeoPoint { lat: 30.0, lon: 120.0 });
    let mut s2 = slot("s2");
    s2.location = Some(GeoPoint { lat: 30.01, lon: 120.0 });
    let mut x = visitor("x");
    x.location = s1.location;
    let mut y = visitor("y");
    y.location = Some(GeoPoint {
        lat: 30.01,
        lon: 120.001,
    });
    let mut z = visitor("z");
    z.location = Some(GeoPoint {
        lat: 30.01,
        lon: 119.999,
    });
    let (slots, visitors) = (vec![s1, s2], vec![x, y, z]);
    let rules = PlanRules::default();
    let before = propose(&slots, &visitors, &rules).unwrap();
    let pairs: Vec<(&str, &str)> = before
        .assignments
        .iter()
        .map(|a| (a.slot_id.as_str(), a.visitor_id.as_str()))
        .collect();
    assert_eq!(pairs[0], ("s1", "x"));
    let kept_visitor = pairs[1].1.to_owned();
    let r = replan_after_dropout(&before, &slots, &visitors, &rules, &"x".into()).unwrap();
    assert_eq!(r.proposal.assignments.len(), 2);
    assert_eq!(r.proposal.assignments[1].visitor_id, kept_visitor.as_str());
    assert_eq!((r.kept, r.moved, r.released, r.displaced), (1, 1, 1, 0));
}

// ---------------------------------------------------------------------------------------
// Random instances against brute force.

struct Instance {
    slots: Vec<SlotDemand>,
    visitors: Vec<VisitorSupply>,
    rules: PlanRules,
}

fn random_instance(rng: &mut ChaCha8Rng) -> Instance {
    let towns = [1, 1, 1, 2, 3][rng.random_range(0..5usize)];
    let town = |t: u32| format!("33010200{t}");
    let point = |rng: &mut ChaCha8Rng| {
        rng.random_bool(0.8).then(|| GeoPoint {
            lat: 30.0 + f64::from(rng.random_range(0..20u32)) * 0.001,
            lon: 120.0 + f64::from(rng.random_range(0..20u32)) * 0.001,
        })
    };
    let nv = rng.random_range(1..=4usize).max(rng.random_range(1..=4usize));
    let mut visitors = Vec::new();
    for j in 0..nv {
        visitors.push(VisitorSupply {
            visitor_id: format!("v{j}").into(),
            town_code: town(rng.random_range(0..towns)),
            location: point(rng),
            remaining_capacity: rng.random_range(0..=3),
            professional: rng.random_bool(0.5),
            minor: rng.random_bool(0.2),
            available_days: (1..=12).filter(|_| rng.random_bool(0.6)).map(day).collect(),
            no_shows: 0,
            untrained: false,
        });
    }
    let ns = rng.random_range(1..=6usize).max(rng.random_range(1..=6usize));
    let mut slots = Vec::new();
    for i in 0..ns {
        let t = rng.random_range(0..towns);
        let start = rng.random_range(1..=10u32);
        let end = (start + rng.random_range(0..=4u32)).min(12);
        slots.push(SlotDemand {
            slot_id: format!("s{i}").into(),
            elder_id: ElderId::new(format!("e{i}")),
            village_code: format!("{}{:03}", town(t), rng.random_range(0..2u32)),
            town_code: town(t),
            location: point(rng),
            in_person: rng.random_bool(0.5),
            needs_professional: rng.random_bool(0.2),
            window: (day(start), day(end)),
            // v4 never exists: an unknown previous visitor is ignored.
            previous_visitors: (0..5)
                .filter(|_| rng.random_bool(0.3))
                .map(|j| format!("v{j}").into())
                .collect(),
        });
    }
    let rules = PlanRules {
        nearest: [0, 1, 1, 2, 2, 3][rng.random_range(0..6usize)],
        continuity_bonus_m: [0, 300, 2_000][rng.random_range(0..3)],
        unknown_distance_m: [5_000, 1_000, 0][rng.random_range(0..3)],
    };
    Instance { slots, visitors, rules }
}

/// A usable link, computed independently of the planner.
#[derive(Debug, Clone)]
struct Link {
    visitor: usize,
    distance: i64,
    continuity: bool,
    cost: i64,
}

fn reference_eligible(s: &SlotDemand, v: &VisitorSupply) -> bool {
    s.town_code == v.town_code
        && v.remaining_capacity > 0
        && v.available_days.iter().any(|&d| s.window.0 <= d && d <= s.window.1)
        && !(v.minor && s.in_person)
        && (v.professional || !s.needs_professional)
}

/// Links of every slot (by input index), to visitors by input index.
fn reference_links(slots: &[SlotDemand], visitors: &[VisitorSupply], rules: &PlanRules) -> Vec<Vec<Link>> {
    slots
        .iter()
        .map(|s| {
            let mut eligible: Vec<(i64, &str, Link)> = Vec::new();
            for (j, v) in visitors.iter().enumerate() {
                if !reference_eligible(s, v) {
                    continue;
                }
                let distance = match (s.location, v.location) {
                    (Some(a), Some(b)) => distance_m(a, b),
                    _ => rules.unknown_distance_m,
                };
                let continuity = s.previous_visitors.contains(&v.visitor_id);
                let bonus = if continuity { rules.continuity_bonus_m } else { 0 };
                let cost = (distance - bonus).max(0);
                eligible.push((
                    distance,
                    v.visitor_id.as_str(),
                    Link {
                        visitor: j,
                        distance,
                        continuity,
                        cost,
                    },
                ));
            }
            eligible.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
            eligible
                .into_iter()
                .enumerate()
                .filter(|(rank, e)| *rank < rules.nearest || e.2.continuity)
                .map(|(_, e)| e.2)
                .collect()
        })
        .collect()
}

/// Best (covered, cost, moved) over every assignment: most covered, then least cost, then
/// fewest assignments not in `previous` (pairs of input indices).
fn brute_force(
    links: &[Vec<Link>],
    caps: &mut [u32],
    previous: &HashSet<(usize, usize)>,
    i: usize,
) -> (usize, i64, usize) {
    if i == links.len() {
        return (0, 0, 0);
    }
    let better = |a: (usize, i64, usize), b: (usize, i64, usize)| {
        (std::cmp::Reverse(a.0), a.1, a.2) < (std::cmp::Reverse(b.0), b.1, b.2)
    };
    let mut best = brute_force(links, caps, previous, i + 1);
    for l in &links[i] {
        if caps[l.visitor] == 0 {
            continue;
        }
        caps[l.visitor] -= 1;
        let rest = brute_force(links, caps, previous, i + 1);
        caps[l.visitor] += 1;
        let moved = usize::from(!previous.contains(&(i, l.visitor)));
        let here = (rest.0 + 1, rest.1 + l.cost, rest.2 + moved);
        if better(here, best) {
            best = here;
        }
    }
    best
}

/// Checks that `p` is a valid proposal over `links`; returns (covered, cost).
fn check_proposal(slots: &[SlotDemand], visitors: &[VisitorSupply], links: &[Vec<Link>], p: &Proposal) -> (usize, i64) {
    let slot_index: HashMap<&str, usize> = slots.iter().enumerate().map(|(i, s)| (s.slot_id.as_str(), i)).collect();
    let visitor_index: HashMap<&str, usize> = visitors
        .iter()
        .enumerate()
        .map(|(j, v)| (v.visitor_id.as_str(), j))
        .collect();
    let mut used = vec![0u32; visitors.len()];
    let mut covered = HashSet::new();
    let mut cost = 0;
    for w in p.assignments.windows(2) {
        assert!(w[0].slot_id < w[1].slot_id, "assignments sorted, one per slot");
    }
    for a in &p.assignments {
        let i = slot_index[a.slot_id.as_str()];
        let j = visitor_index[a.visitor_id.as_str()];
        let link = links[i]
            .iter()
            .find(|l| l.visitor == j)
            .expect("assignment on a candidate link");
        assert_eq!(
            (a.distance_m, a.continuity, a.cost),
            (link.distance, link.continuity, link.cost)
        );
        used[j] += 1;
        covered.insert(i);
        cost += a.cost;
    }
    for (j, v) in visitors.iter().enumerate() {
        assert!(used[j] <= v.remaining_capacity, "capacity of {}", v.visitor_id);
    }
    assert_eq!(p.total_cost, cost);
    let mut uncovered: Vec<SlotId> = (0..slots.len())
        .filter(|i| !covered.contains(i))
        .map(|i| slots[i].slot_id.clone())
        .collect();
    uncovered.sort();
    assert_eq!(p.uncovered, uncovered);
    let mut shortfall: BTreeMap<String, u32> = BTreeMap::new();
    for i in (0..slots.len()).filter(|i| !covered.contains(i)) {
        *shortfall.entry(slots[i].village_code.clone()).or_default() += 1;
    }
    assert_eq!(p.shortfall_by_village, shortfall);
    (covered.len(), cost)
}

fn link_pairs(slots: &[SlotDemand], visitors: &[VisitorSupply], links: &[Vec<Link>]) -> Vec<(SlotId, AccountId)> {
    let mut pairs: Vec<(SlotId, AccountId)> = links
        .iter()
        .enumerate()
        .flat_map(|(i, ls)| {
            ls.iter()
                .map(move |l| (slots[i].slot_id.clone(), visitors[l.visitor].visitor_id.clone()))
        })
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn proposals_match_brute_force() {
    let mut rng = ChaCha8Rng::seed_from_u64(20_261_130);
    let (mut covered_total, mut contested) = (0, 0);
    for round in 0..600 {
        let mut inst = random_instance(&mut rng);
        if round % 2 == 1 {
            inst.rules.nearest = 100; // every eligible visitor is a candidate
        }
        let Instance { slots, visitors, rules } = &inst;
        let links = reference_links(slots, visitors, rules);
        assert_eq!(
            candidate_links(slots, visitors, rules).unwrap(),
            link_pairs(slots, visitors, &links),
            "round {round}"
        );
        let p = propose(slots, visitors, rules).unwrap();
        let got = check_proposal(slots, visitors, &links, &p);
        let mut caps: Vec<u32> = visitors.iter().map(|v| v.remaining_capacity).collect();
        let best = brute_force(&links, &mut caps, &HashSet::new(), 0);
        assert_eq!(got, (best.0, best.1), "round {round}");
        covered_total += got.0;
        if links.iter().filter(|l| l.len() >= 2).count() >= 2 {
            contested += 1;
        }

        // The same input in another order gives the same proposal.
        let (mut s2, mut v2) = (slots.clone(), visitors.clone());
        s2.shuffle(&mut rng);
        v2.shuffle(&mut rng);
        for s in &mut s2 {
            s.previous_visitors.shuffle(&mut rng);
        }
        for v in &mut v2 {
            v.available_days.shuffle(&mut rng);
        }
        assert_eq!(propose(&s2, &v2, rules).unwrap(), p, "round {round}");
    }
    // The instances are not trivial: they cover slots, and often offer choices.
    assert!(covered_total > 1_000, "covered {covered_total}");
    assert!(contested > 150, "contested {contested}");
}

/// Replanning after a dropout, with `previous` either the proposal before the dropout or a
/// random (stale) one.
fn check_replans(seed: u64, stale: bool) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut moved_somewhere, mut tie_break_mattered) = (0, 0);
    for round in 0..300 {
        let mut inst = random_instance(&mut rng);
        if round % 3 == 2 {
            inst.rules.nearest = 100;
        }
        let Instance { slots, visitors, rules } = &inst;
        let previous = if stale {
            let mut assignments = Vec::new();
            for s in slots {
                if rng.random_bool(0.7) {
                    assignments.push(Assignment {
                        slot_id: s.slot_id.clone(),
                        visitor_id: format!("v{}", rng.random_range(0..5)).into(),
                        distance_m: 0,
                        distance_estimated: false,
                        continuity: false,
                        cost: 0,
                    });
                }
            }
            Proposal {
                assignments,
                ..Proposal::default()
            }
        } else {
            propose(slots, visitors, rules).unwrap()
        };
        let dropped: AccountId = format!("v{}", rng.random_range(0..5)).into(); // v4 never exists
        let r = replan_after_dropout(&previous, slots, visitors, rules, &dropped).unwrap();

        let remaining: Vec<VisitorSupply> = visitors.iter().filter(|v| v.visitor_id != dropped).cloned().collect();
        let links = reference_links(slots, &remaining, rules);
        let got = check_proposal(slots, &remaining, &links, &r.proposal);
        let prev_pairs: HashSet<(usize, usize)> = previous
            .assignments
            .iter()
            .filter_map(|a| {
                let i = slots.iter().position(|s| s.slot_id == a.slot_id)?;
                let j = remaining.iter().position(|v| v.visitor_id == a.visitor_id)?;
                Some((i, j))
            })
            .collect();
        let mut caps: Vec<u32> = remaining.iter().map(|v| v.remaining_capacity).collect();
        let best = brute_force(&links, &mut caps, &prev_pairs, 0);
        assert_eq!((got.0, got.1, r.moved as usize), best, "round {round}");

        // Optimal as a fresh proposal without the dropped visitor, which may move more.
        let fresh = propose(slots, &remaining, rules).unwrap();
        assert_eq!((fresh.assignments.len(), fresh.total_cost), got, "round {round}");
        let fresh_moved = fresh
            .assignments
            .iter()
            .filter(|a| {
                !previous
                    .assignments
                    .iter()
                    .any(|b| (&b.slot_id, &b.visitor_id) == (&a.slot_id, &a.visitor_id))
            })
            .count() as u32;
        assert!(r.moved <= fresh_moved);
        if r.moved < fresh_moved {
            tie_break_mattered += 1;
        }

        // The counts add up.
        let n = r.proposal.assignments.len() as u32;
        assert_eq!(r.kept + r.moved, n);
        let released = previous.assignments.iter().filter(|a| a.visitor_id == dropped).count() as u32;
        assert_eq!(r.released, released);
        assert_eq!(r.kept + r.released + r.displaced, previous.assignments.len() as u32);
        let kept = r
            .proposal
            .assignments
            .iter()
            .filter(|a| {
                previous
                    .assignments
                    .iter()
                    .any(|b| (&b.slot_id, &b.visitor_id) == (&a.slot_id, &a.visitor_id))
            })
            .count() as u32;
        assert_eq!(r.kept, kept);
        moved_somewhere += r.moved;
    }
    assert!(moved_somewhere > 0);
    assert!(tie_break_mattered > 0);
}

#[test]
fn replans_after_dropout_match_brute_force() {
    check_replans(7, false);
}

#[test]
fn replans_from_stale_proposals_match_brute_force() {
    check_replans(11, true);
}

#[test]
fn dropping_nobody_keeps_an_optimal_proposal() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for _ in 0..100 {
        let Instance { slots, visitors, rules } = random_instance(&mut rng);
        let p = propose(&slots, &visitors, &rules).unwrap();
        let r = replan_after_dropout(&p, &slots, &visitors, &rules, &"nobody".into()).unwrap();
        assert_eq!(r.proposal, p);
        assert_eq!((r.moved, r.released, r.displaced), (0, 0, 0));
    }
}

#[test]
fn larger_instance_is_valid_and_order_independent() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut slots = Vec::new();
    let mut visitors = Vec::new();
    for t in 0..3u32 {
        let town = format!("33010200{t}");
        for j in 0..40 {
            let mut v = visitor(&format!("t{t}-v{j:02}"));
            v.town_code = town.clone();
            v.location = Some(GeoPoint {
                lat: 30.0 + rng.random_range(0.0..0.05),
                lon: 120.0 + rng.random_range(0.0..0.05),
            });
            v.remaining_capacity = rng.random_range(0..=6);
            v.professional = rng.random_bool(0.2);
            v.minor = rng.random_bool(0.2);
            v.available_days = (1..=30).filter(|_| rng.random_bool(0.3)).map(day).collect();
            visitors.push(v);
        }
        for i in 0..150 {
            let mut s = slot(&format!("t{t}-s{i:03}"));
            s.town_code = town.clone();
            s.village_code = format!("{town}{:03}", i % 7);
            s.location = rng.random_bool(0.9).then(|| GeoPoint {
                lat: 30.0 + rng.random_range(0.0..0.05),
                lon: 120.0 + rng.random_range(0.0..0.05),
            });
            s.in_person = rng.random_bool(0.7);
            s.needs_professional = rng.random_bool(0.1);
            let start = rng.random_range(1..=25);
            s.window = (day(start), day(start + 5));
            s.previous_visitors = vec![format!("t{t}-v{:02}", rng.random_range(0..40)).into()];
            slots.push(s);
        }
    }
    let rules = PlanRules::default();
    let links = reference_links(&slots, &visitors, &rules);
    let p = propose(&slots, &visitors, &rules).unwrap();
    check_proposal(&slots, &visitors, &links, &p);
    assert!(!p.assignments.is_empty() && !p.uncovered.is_empty());
    slots.reverse();
    visitors.reverse();
    assert_eq!(propose(&slots, &visitors, &rules).unwrap(), p);
    let r = replan_after_dropout(&p, &slots, &visitors, &rules, &p.assignments[0].visitor_id).unwrap();
    assert!(r.released > 0);
    assert_eq!(r.kept + r.released + r.displaced, p.assignments.len() as u32);
}
