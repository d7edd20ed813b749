//! 示范区 — a deterministic synthetic demo district. Pure: no IO, no clock, no global state.
//!
//! The same seed always gives the same administrative tree, and the same `(seed, index)` the
//! same elder, whatever other indices are generated: every elder draws from its own random
//! stream, so elders can be generated in any order, in batches, or again after an interrupted
//! run. Dates are relative to the `today` passed in (ages, "last year", "next 春节").
//!
//! The people are fictitious. Their 身份证号 carry the fictitious region code of their district
//! ([`DEMO_DISTRICT_CODE`] for the main one; see [`DemoDistrict`]) and are unique for the first
//! [`ID_NUMBER_CAPACITY`] indices of a seed (how: see the private `birth_date`); districts have
//! different region codes, so numbers never repeat across them either.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, Months, NaiveDate};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::domain::area::{AreaLevel, UrbanRural};
use crate::domain::elder::{
    AbilityLevel, Category, ConsentStatus, EconomicStatus, ElderFileInput, EmergencyContactInput, FamilyMemberInput,
    HardshipSupport, LivingArrangement, RiskLevel,
};
use crate::domain::id::ElderId;
use crate::domain::id_number::{IdNumber, Sex};

/// 行政区划代码 of the demo district. Fictitious: no real district code ends in 99 here.
pub const DEMO_DISTRICT_CODE: &str = "500199";
/// Name of the demo district.
pub const DEMO_DISTRICT_NAME: &str = "示范区";
/// Relation of the last emergency contact of an elder in a 村 (DOMAIN.md §1).
pub const VILLAGE_STAFF_RELATION: &str = "村委会工作人员";
/// Relation of the last emergency contact of an elder in a 社区.
pub const COMMUNITY_STAFF_RELATION: &str = "居委会工作人员";

/// Towns and villages are numbered with 3 digits, so a parent has at most 999 children.
const MAX_CHILDREN: usize = 999;

/// Groups of the 顺序码: index `i` uses order code `2 × (i mod 500)` (+1 for a man).
const SEQUENCE_GROUPS: usize = 500;
/// Birth-date slots per order-code group; see [`birth_date`].
const DATE_SLOTS: usize = 4000;
/// Step through the slots, coprime to [`DATE_SLOTS`] so that it visits every slot once.
const DATE_STRIDE: usize = 2477;
/// 身份证号 are unique for indices below this (for one seed and one `today`).
pub const ID_NUMBER_CAPACITY: usize = SEQUENCE_GROUPS * DATE_SLOTS;

/// Age distribution of the registered elders: (lowest age, highest age + 1, share in ‰).
/// The densest band must stay below 1/DATE_SLOTS per day (see [`birth_date`]).
const AGE_BANDS: [(u32, u32, u32); 8] = [
    (60, 65, 220),
    (65, 70, 190),
    (70, 75, 170),
    (75, 80, 150),
    (80, 85, 130),
    (85, 90, 80),
    (90, 95, 40),
    (95, 101, 20),
];

/// Salts that separate the random streams drawn from one seed.
const AREA_STREAM: u64 = 0xA2EA_5EED_0000_0001;
const BIRTH_STREAM: u64 = 0xB127_4DA7_0000_0002;
const STAFF_STREAM: u64 = 0x57AF_F000_0000_0003;
const VISITOR_STREAM: u64 = 0x7151_7000_0000_0004;
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// Namespace of the demo elders' uuid v5 ids.
const DEMO_NAMESPACE: Uuid = Uuid::from_u128(0x7a1f_3c52_9d4e_4b8a_a6f0_5e2d_c1b9_0e37);

/// A node of the demo district's administrative tree.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoArea {
    pub code: String,
    pub name: String,
    pub level: AreaLevel,
    pub parent_code: Option<String>,
    pub urban_rural: Option<UrbanRural>,
    /// A village's centre (latitude, longitude): towns on a grid 8 km apart around the
    /// district's centre, villages within 2.5 km of their town's (from the code alone, so
    /// adding places never moves the others).
    pub location: Option<(f64, f64)>,
}

/// A district the generator fills: its 行政区划代码 (6 digits, also the region of its elders'
/// 身份证号), its name and the centre its villages lie around.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemoDistrict {
    pub code: &'static str,
    pub name: &'static str,
    /// (latitude, longitude).
    pub centre: (f64, f64),
}

impl DemoDistrict {
    /// 500199 示范区, the demo district (yubei-2024).
    pub const MAIN: DemoDistrict = DemoDistrict {
        code: DEMO_DISTRICT_CODE,
        name: DEMO_DISTRICT_NAME,
        centre: DEMO_CENTRE,
    };

    fn is_main(&self) -> bool {
        self.code == DEMO_DISTRICT_CODE
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemoPlan {
    pub seed: u64,
    pub towns: usize,
    pub villages_per_town: usize,
    pub elders: usize,
    /// Which district: [`DemoDistrict::MAIN`] unless a demo city's other district.
    pub district: DemoDistrict,
}

impl DemoPlan {
    pub const DEFAULT_TOWNS: usize = 3;
    pub const DEFAULT_VILLAGES_PER_TOWN: usize = 10;
    pub const DEFAULT_ELDERS: usize = 2000;

    /// The default district size with the given seed.
    pub fn with_seed(seed: u64) -> DemoPlan {
        DemoPlan {
            seed,
            towns: Self::DEFAULT_TOWNS,
            villages_per_town: Self::DEFAULT_VILLAGES_PER_TOWN,
            elders: Self::DEFAULT_ELDERS,
            district: DemoDistrict::MAIN,
        }
    }

    /// The seed the plan's random streams are drawn from: the seed itself in the main
    /// district; mixed with the district's code in another, so that its places and people are
    /// not the main district's again.
    fn stream_seed(&self) -> u64 {
        match self.district.is_main() {
            true => self.seed,
            false => self.seed ^ splitmix64(self.district.code.parse::<u64>().unwrap_or(0)),
        }
    }

    /// The staff contact (name, phone) of one of the plan's villages: the person its elders
    /// name as their last emergency contact.
    pub fn village_staff(&self, village_code: &str) -> (String, String) {
        village_staff(self.stream_seed(), village_code)
    }

    /// The `k`-th of a village's own volunteers (see [`VillageVisitor`]).
    pub fn village_visitor(&self, village: &DemoArea, k: usize, today: NaiveDate) -> VillageVisitor {
        village_visitor(self.stream_seed(), village, k, today)
    }

    /// The stable id of the plan's `index`-th elder: [`elder_id`] in the main district; in
    /// another, a uuid v5 that also names the district, so that no two districts share one.
    pub fn elder_id(&self, index: usize) -> ElderId {
        if self.district.is_main() {
            return elder_id(self.seed, index);
        }
        ElderId::from(Uuid::new_v5(
            &DEMO_NAMESPACE,
            format!("tanfang-demo/{}/{}/{index}", self.district.code, self.seed).as_bytes(),
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// The administrative tree
// ---------------------------------------------------------------------------------------------

const TOWN_STEMS: [&str; 40] = [
    "青石", "南山", "龙溪", "白沙", "石门", "双河", "金竹", "桂花", "柏林", "清水", "太平", "永兴", "新华", "观音",
    "鹿角", "黄桷", "玉峰", "大坪", "兴隆", "回龙", "古路", "茨竹", "洛碛", "统景", "木耳", "大湾", "龙山", "宝圣",
    "凤凰", "仙桃", "双凤", "复兴", "石船", "御临", "龙兴", "礼嘉", "悦来", "翠云", "天堂", "华蓥",
];

const VILLAGE_STEMS: [&str; 48] = [
    "桃源", "石坝", "杨柳", "大塘", "高峰", "三合", "五星", "团结", "长岭", "水口", "龙井", "柏树", "黄泥", "松林",
    "梨子", "新桥", "高桥", "双龙", "金星", "红岩", "竹林", "龙凤", "花果", "庙坝", "河坝", "冷水", "青杠", "天池",
    "茶园", "麻柳", "大石", "银杏", "枣子", "白果", "坪上", "沙坝", "桥头", "观山", "凉水", "柑子", "胜利", "民主",
    "向阳", "光明", "新农", "长田", "堰塘", "石院",
];

const COMMUNITY_STEMS: [&str; 40] = [
    "东湖", "幸福", "和平", "新村", "花园", "滨江", "翠柏", "锦绣", "阳光", "春晖", "文化", "建设", "枫林", "金港",
    "康庄", "龙湖", "桂园", "怡景", "红旗", "朝阳", "人和", "龙华", "紫荆", "碧水", "兰亭", "云台", "北城", "南苑",
    "西湖", "星光", "嘉园", "湖滨", "育才", "长安", "松涛", "泰和", "丽景", "金桥", "双桂", "安康",
];

const ORDINALS: [&str; 9] = ["二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// The plan's district, then its towns (`500199001`…), then each town's villages (`500199001001`…):
/// parents always come before their children. Towns are a mix of 街道 (urban, with 社区) and 镇
/// (rural, with 村); the first town is a 街道 and the second a 镇. Names are unique within their
/// parent and depend on the seed only. At most 999 towns and 999 villages per town.
pub fn areas(plan: &DemoPlan) -> Vec<DemoArea> {
    let district = plan.district.code;
    let mut rng = ChaCha8Rng::seed_from_u64(splitmix64(plan.stream_seed() ^ AREA_STREAM));
    let towns = plan.towns.min(MAX_CHILDREN);
    let villages_per_town = plan.villages_per_town.min(MAX_CHILDREN);

    let mut out = Vec::with_capacity(1 + towns * (1 + villages_per_town));
    out.push(DemoArea {
        code: district.to_string(),
        name: plan.district.name.to_string(),
        level: AreaLevel::District,
        parent_code: None,
        urban_rural: None,
        location: None,
    });

    let town_stems = unique_stems(&mut rng, &TOWN_STEMS, towns);
    let mut town_kinds = Vec::with_capacity(towns);
    for (i, stem) in town_stems.into_iter().enumerate() {
        let urban = match i {
            0 => true,
            1 => false,
            _ => rng.random_bool(0.4),
        };
        let (suffix, kind) = if urban {
            ("街道", UrbanRural::Urban)
        } else {
            ("镇", UrbanRural::Rural)
        };
        town_kinds.push(kind);
        out.push(DemoArea {
            code: format!("{district}{:03}", i + 1),
            name: format!("{stem}{suffix}"),
            level: AreaLevel::Town,
            parent_code: Some(district.to_string()),
            urban_rural: Some(kind),
            location: None,
        });
    }

    for (t, kind) in town_kinds.into_iter().enumerate() {
        let town_code = format!("{district}{:03}", t + 1);
        let (stems, suffix) = match kind {
            UrbanRural::Urban => (unique_stems(&mut rng, &COMMUNITY_STEMS, villages_per_town), "社区"),
            UrbanRural::Rural => (unique_stems(&mut rng, &VILLAGE_STEMS, villages_per_town), "村"),
        };
        for (v, stem) in stems.into_iter().enumerate() {
            let code = format!("{town_code}{:03}", v + 1);
            out.push(DemoArea {
                location: Some(village_location(plan.district.centre, t, &code)),
                code,
                name: format!("{stem}{suffix}"),
                level: AreaLevel::Village,
                parent_code: Some(town_code.clone()),
                urban_rural: Some(kind),
            });
        }
    }
    out
}

/// The demo district's centre (near 渝北, Chongqing).
const DEMO_CENTRE: (f64, f64) = (29.72, 106.63);

/// See [`DemoArea::location`]: town `t` on a grid 8 km apart around `centre`, the village
/// within 2.5 km of it.
fn village_location(centre: (f64, f64), town: usize, code: &str) -> (f64, f64) {
    const KM_LAT: f64 = 1.0 / 111.2;
    let km_lon = KM_LAT / centre.0.to_radians().cos();
    let (row, col) = ((town / 4) as f64, (town % 4) as f64);
    let hash = splitmix64(code.parse::<u64>().unwrap_or(0));
    let unit = |bits: u64| (bits & 0xFFFF) as f64 / 65_535.0 * 2.0 - 1.0; // −1 … 1
    let (dy, dx) = (2.5 * unit(hash), 2.5 * unit(hash >> 16));
    (
        centre.0 + (8.0 * (row - 1.0) + dy) * KM_LAT,
        centre.1 + (8.0 * (col - 1.5) + dx) * km_lon,
    )
}

/// `n` distinct name stems in a seed-dependent order; when the pool runs out the stems come
/// round again with an ordinal ("青石二", then "青石三", …, then digits).
fn unique_stems(rng: &mut ChaCha8Rng, pool: &[&str], n: usize) -> Vec<String> {
    let mut shuffled: Vec<&str> = pool.to_vec();
    shuffled.shuffle(rng);
    if shuffled.is_empty() {
        return (1..=n).map(|k| k.to_string()).collect();
    }
    (0..n)
        .zip(shuffled.iter().cycle())
        .map(|(k, &stem)| match k / shuffled.len() {
            0 => stem.to_string(),
            round => match ORDINALS.get(round - 1) {
                Some(ordinal) => format!("{stem}{ordinal}"),
                None => format!("{stem}{}", round + 1),
            },
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Identity: ids, 身份证号, birth dates
// ---------------------------------------------------------------------------------------------

/// The stable id of the `index`-th demo elder of `seed`: a uuid v5 of
/// `"tanfang-demo/{seed}/{index}"` in a fixed namespace. Re-running the demo gives the same ids.
pub fn elder_id(seed: u64, index: usize) -> ElderId {
    ElderId::from(Uuid::new_v5(
        &DEMO_NAMESPACE,
        format!("tanfang-demo/{seed}/{index}").as_bytes(),
    ))
}

/// The 身份证号 of the `index`-th elder, exactly as [`elder`] gives it, without generating the
/// rest of the file.
pub fn id_number(seed: u64, index: usize, today: NaiveDate) -> String {
    identity(&mut person_rng(seed, index), DEMO_DISTRICT_CODE, seed, index, today).number
}

struct Identity {
    number: String,
    birth: NaiveDate,
    sex: Sex,
    age: u32,
}

/// The elder's own random stream: independent of every other index.
fn person_rng(seed: u64, index: usize) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ (index as u64).wrapping_mul(GOLDEN_GAMMA))
}

/// Draws the sex (the first draw of the elder's stream) and builds the 身份证号 in `region`.
fn identity(rng: &mut ChaCha8Rng, region: &str, seed: u64, index: usize, today: NaiveDate) -> Identity {
    let birth = birth_date(seed, index, today);
    let age = full_years(birth, today);
    // More women among the very old; about 55 % overall.
    let female_share = match age {
        ..70 => 0.51,
        70..80 => 0.55,
        80..90 => 0.61,
        _ => 0.68,
    };
    let sex = if rng.random_bool(female_share) {
        Sex::Female
    } else {
        Sex::Male
    };
    let sequence = (2 * (index % SEQUENCE_GROUPS)) as u16; // from_parts sets the parity by sex
    let number = IdNumber::from_parts_as_of(region, birth, sequence, sex, today)
        .map(|id| id.as_str().to_string())
        .unwrap_or_default();
    Identity {
        number,
        birth,
        sex,
        age,
    }
}

/// The birth date of the `index`-th elder: an age of 60–100 on `today`, distributed as
/// [`AGE_BANDS`].
///
/// Uniqueness of the 身份证号: the order code is `2 × g` (+1 for men) with group
/// `g = index mod 500`, so two elders of different groups never share a number. Within a group
/// the elders are `q = index / 500 = 0, 1, 2, …`; `q` walks through [`DATE_SLOTS`] slots with a
/// stride coprime to their number (from a seed-dependent start), so distinct `q < DATE_SLOTS`
/// get distinct slots. Slot `s` becomes the quantile `u = (s + jitter) / DATE_SLOTS` of the age
/// distribution, and the birth date is the `u`-quantile. Neighbouring slots are
/// `1 / DATE_SLOTS` apart in `u`, which is more than one day even in the densest band
/// (22 % over 5 years: 1826 days / (4000 × 0.22) ≈ 2.1 days), so distinct slots give distinct
/// birth dates. Hence numbers are unique for every `index < ID_NUMBER_CAPACITY`.
fn birth_date(seed: u64, index: usize, today: NaiveDate) -> NaiveDate {
    let group = index % SEQUENCE_GROUPS;
    let q = (index / SEQUENCE_GROUPS) % DATE_SLOTS;
    let hash = splitmix64(seed ^ splitmix64(group as u64 ^ BIRTH_STREAM));
    let start = (hash % DATE_SLOTS as u64) as usize;
    let jitter = (hash >> 40) as f64 / (1u64 << 24) as f64; // in [0, 1)
    let slot = (q * DATE_STRIDE + start) % DATE_SLOTS;
    let u = (slot as f64 + jitter) / DATE_SLOTS as f64;

    let mut below = 0.0;
    for (i, &(young, old, permille)) in AGE_BANDS.iter().enumerate() {
        let share = f64::from(permille) / 1000.0;
        if u < below + share || i + 1 == AGE_BANDS.len() {
            // Born on `youngest`: exactly `young` today; born on `oldest_excluded`: `old`.
            let youngest = years_before(today, young);
            let oldest_excluded = years_before(today, old);
            let days = (youngest - oldest_excluded).num_days().max(1);
            let within = (((u - below) / share) * days as f64) as i64;
            let within = within.clamp(0, days - 1) as u64;
            return youngest.checked_sub_days(Days::new(within)).unwrap_or(youngest);
        }
        below += share;
    }
    years_before(today, 70)
}

/// The day `years` years before `day` (29 February falls back to the 28th).
fn years_before(day: NaiveDate, years: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(12 * years)).unwrap_or(day)
}

/// 周岁 on `day` of someone born on `birth`.
fn full_years(birth: NaiveDate, day: NaiveDate) -> u32 {
    let mut years = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(GOLDEN_GAMMA);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

// ---------------------------------------------------------------------------------------------
// Random helpers
// ---------------------------------------------------------------------------------------------

/// One item of a non-empty array (checked at compile time).
#[expect(
    clippy::indexing_slicing,
    reason = "the index is drawn from 0..N, the array's length"
)]
fn one_of<T: Copy, const N: usize>(rng: &mut impl Rng, items: &[T; N]) -> T {
    const { assert!(N > 0) };
    items[rng.random_range(0..N)]
}

/// One item of a non-empty array, chosen with the given integer weights.
#[expect(
    clippy::indexing_slicing,
    reason = "N > 0 is asserted at compile time, so N - 1 is the last index"
)]
fn weighted<T: Copy, const N: usize>(rng: &mut impl Rng, items: &[(T, u32); N]) -> T {
    const { assert!(N > 0) };
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut ticket = rng.random_range(0..total.max(1));
    for &(item, weight) in items {
        if ticket < weight {
            return item;
        }
        ticket -= weight;
    }
    items[N - 1].0
}

fn days_ago(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

fn round_to_ten(yuan: i32) -> i32 {
    yuan / 10 * 10
}

// ---------------------------------------------------------------------------------------------
// Names and phone numbers
// ---------------------------------------------------------------------------------------------

/// Common surnames with their approximate frequency (‱ of the population).
#[rustfmt::skip]
const SURNAMES: [(&str, u32); 80] = [
    ("王", 71), ("李", 70), ("张", 68), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22), ("赵", 20),
    ("吴", 20), ("周", 19), ("徐", 15), ("孙", 15), ("马", 12), ("朱", 12), ("胡", 11), ("郭", 11),
    ("何", 11), ("林", 10), ("罗", 10), ("高", 10), ("郑", 8), ("梁", 8), ("谢", 7), ("宋", 6),
    ("唐", 6), ("许", 6), ("韩", 6), ("冯", 6), ("邓", 5), ("曹", 5), ("彭", 5), ("曾", 5),
    ("肖", 5), ("田", 4), ("董", 4), ("袁", 4), ("潘", 4), ("于", 4), ("蒋", 4), ("蔡", 4),
    ("余", 4), ("杜", 4), ("叶", 4), ("程", 3), ("苏", 3), ("魏", 3), ("吕", 3), ("丁", 3),
    ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3), ("傅", 3), ("钟", 3), ("姜", 3), ("崔", 3),
    ("谭", 3), ("廖", 3), ("范", 2), ("汪", 2), ("陆", 2), ("金", 2), ("石", 2), ("戴", 2),
    ("贾", 2), ("韦", 2), ("夏", 2), ("邱", 2), ("方", 2), ("侯", 2), ("邹", 2), ("熊", 2),
    ("孟", 2), ("秦", 2), ("白", 2), ("江", 2), ("阎", 2), ("薛", 2), ("尹", 2), ("雷", 2),
];

/// Given names of women born 1926–1966.
const ELDER_FEMALE: [&str; 50] = [
    "秀英", "桂英", "秀兰", "玉兰", "桂兰", "秀珍", "凤英", "玉珍", "玉英", "兰英", "淑珍", "素珍", "翠兰", "桂芳",
    "金花", "桂珍", "秀芝", "玉梅", "淑英", "凤兰", "春兰", "秀荣", "德英", "秀云", "桂花", "玉芳", "素芬", "惠英",
    "淑兰", "桂香", "月英", "玉华", "秀华", "玉莲", "菊英", "翠英", "素英", "玉芝", "桂荣", "凤珍", "英", "兰", "珍",
    "芳", "梅", "华", "琴", "霞", "菊", "莲",
];

/// Given names of men born 1926–1966.
const ELDER_MALE: [&str; 54] = [
    "德明", "德福", "永福", "福生", "长生", "根生", "玉林", "国华", "文华", "明华", "光明", "家明", "宝山", "金山",
    "树林", "振华", "德胜", "庆华", "和平", "世杰", "德贵", "有才", "满仓", "金贵", "学文", "永昌", "正清", "志明",
    "春生", "海清", "德元", "世昌", "宗华", "绍文", "文斌", "荣华", "树清", "茂林", "泽民", "国良", "强", "军", "明",
    "华", "斌", "勇", "忠", "林", "海", "刚", "平", "福", "贵", "山",
];

/// Names that mark their era: (name, first birth year, last birth year).
#[rustfmt::skip]
const ERA_FEMALE: [(&str, i32, i32); 8] = [
    ("淑华", 1950, 1966), ("丽华", 1950, 1966), ("美华", 1952, 1966), ("秀梅", 1950, 1966),
    ("红英", 1955, 1966), ("红梅", 1958, 1966), ("丽萍", 1958, 1966), ("卫红", 1965, 1966),
];

#[rustfmt::skip]
const ERA_MALE: [(&str, i32, i32); 10] = [
    ("建国", 1949, 1956), ("国庆", 1949, 1960), ("解放", 1949, 1951), ("援朝", 1950, 1953),
    ("建华", 1949, 1966), ("建军", 1949, 1966), ("国强", 1945, 1966), ("志强", 1950, 1966),
    ("跃进", 1958, 1959), ("卫东", 1966, 1966),
];

/// Given names of people born 1946–2006 (children, village staff, assessors).
const YOUNGER_FEMALE: [&str; 26] = [
    "红梅", "丽娟", "小红", "秀梅", "春燕", "海燕", "红霞", "晓燕", "丽华", "玉玲", "小芳", "美玲", "晓红", "春梅",
    "丽", "敏", "静", "艳", "凤", "玲", "燕", "娟", "萍", "霞", "婷", "慧",
];

const YOUNGER_MALE: [&str; 28] = [
    "建军", "卫国", "海涛", "志刚", "国平", "建平", "春生", "德华", "红兵", "建新", "小平", "文军", "俊杰", "志勇",
    "伟东", "永刚", "明亮", "建伟", "勇", "军", "伟", "涛", "斌", "鹏", "强", "波", "磊", "杰",
];

const MOBILE_PREFIXES: [&str; 34] = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
    "157", "158", "159", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195",
    "198", "199",
];

fn surname(rng: &mut impl Rng) -> &'static str {
    weighted(rng, &SURNAMES)
}

/// A given name typical of someone of this sex born in `birth_year`.
fn given_name(rng: &mut impl Rng, sex: Sex, birth_year: i32) -> &'static str {
    if birth_year >= 1967 {
        return match sex {
            Sex::Female => one_of(rng, &YOUNGER_FEMALE),
            Sex::Male => one_of(rng, &YOUNGER_MALE),
        };
    }
    let era: &[(&str, i32, i32)] = match sex {
        Sex::Female => &ERA_FEMALE,
        Sex::Male => &ERA_MALE,
    };
    let fitting: Vec<&str> = era
        .iter()
        .filter(|(_, from, to)| (*from..=*to).contains(&birth_year))
        .map(|(name, _, _)| *name)
        .collect();
    if rng.random_bool(0.25) {
        if let Some(name) = fitting.choose(rng) {
            return name;
        }
    }
    match sex {
        Sex::Female => one_of(rng, &ELDER_FEMALE),
        Sex::Male => one_of(rng, &ELDER_MALE),
    }
}

fn full_name(rng: &mut impl Rng, family: &str, sex: Sex, birth_year: i32) -> String {
    format!("{family}{}", given_name(rng, sex, birth_year))
}

/// A full name no one in `taken` has (a family does not give two children the same name);
/// remembers it in `taken`.
fn distinct_name(rng: &mut impl Rng, taken: &mut Vec<String>, family: &str, sex: Sex, birth_year: i32) -> String {
    let mut name = full_name(rng, family, sex, birth_year);
    for _ in 0..20 {
        if !taken.contains(&name) {
            break;
        }
        name = full_name(rng, family, sex, birth_year);
    }
    taken.push(name.clone());
    name
}

fn random_sex(rng: &mut impl Rng) -> Sex {
    if rng.random_bool(0.5) {
        Sex::Female
    } else {
        Sex::Male
    }
}

fn opposite(sex: Sex) -> Sex {
    match sex {
        Sex::Female => Sex::Male,
        Sex::Male => Sex::Female,
    }
}

/// An 11-digit mainland mobile number (13x/15x/18x/19x).
fn mobile(rng: &mut impl Rng) -> String {
    format!(
        "{}{:08}",
        one_of(rng, &MOBILE_PREFIXES),
        rng.random_range(0..100_000_000u32)
    )
}

/// The village's staff contact (name, phone): the same person for every elder of the village.
fn village_staff(seed: u64, village_code: &str) -> (String, String) {
    let code = village_code.parse::<u64>().unwrap_or(0);
    let mut rng = ChaCha8Rng::seed_from_u64(splitmix64(seed ^ STAFF_STREAM ^ splitmix64(code)));
    let sex = random_sex(&mut rng);
    let family = surname(&mut rng);
    let born = rng.random_range(1970..=1995);
    let name = full_name(&mut rng, family, sex, born);
    (name, mobile(&mut rng))
}

/// 志愿者 — one of a demo village's own approved visitors: a neighbour of working age or a
/// healthy younger senior (低龄老人), living in the village, so that the planner has people to
/// propose across the month.
#[derive(Debug, Clone, PartialEq)]
pub struct VillageVisitor {
    pub name: String,
    pub phone: String,
    pub sex: Sex,
    pub birth: NaiveDate,
    /// A younger senior (60–69), not an adult volunteer.
    pub senior: bool,
    /// Their home: within about a kilometre of the village's centre.
    pub location: Option<(f64, f64)>,
}

fn village_visitor(seed: u64, village: &DemoArea, k: usize, today: NaiveDate) -> VillageVisitor {
    let code = village.code.parse::<u64>().unwrap_or(0);
    let mut rng = ChaCha8Rng::seed_from_u64(splitmix64(
        seed ^ VISITOR_STREAM ^ splitmix64(code) ^ (k as u64).wrapping_mul(GOLDEN_GAMMA),
    ));
    let sex = random_sex(&mut rng);
    // Every fifth is a younger senior, the others of working age.
    let senior = k % 5 == 4;
    let age = if senior {
        rng.random_range(60..=69)
    } else {
        rng.random_range(24..=55)
    };
    let birth = NaiveDate::from_ymd_opt(today.year() - age, rng.random_range(1..=12), rng.random_range(1..=28))
        .unwrap_or(today);
    let family = surname(&mut rng);
    let name = full_name(&mut rng, family, sex, birth.year());
    let location = village.location.map(|(lat, lon)| {
        (
            lat + rng.random_range(-0.008..0.008),
            lon + rng.random_range(-0.009..0.009),
        )
    });
    VillageVisitor {
        name,
        phone: mobile(&mut rng),
        sex,
        birth,
        senior,
        location,
    }
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

const STREETS: [&str; 14] = [
    "幸福路",
    "人民路",
    "建设路",
    "解放路",
    "和平街",
    "文化路",
    "新华路",
    "胜利路",
    "朝阳路",
    "滨江路",
    "龙溪路",
    "学府路",
    "兴盛街",
    "桂花街",
];

const ESTATES: [&str; 10] = [
    "金色家园",
    "阳光花园",
    "锦绣苑",
    "龙湖小区",
    "东方丽景",
    "翠湖苑",
    "桂花园",
    "康乐小区",
    "和美家园",
    "滨江花园",
];

fn home_address(rng: &mut impl Rng, village_name: &str, urban_rural: UrbanRural) -> String {
    match urban_rural {
        UrbanRural::Rural => format!(
            "{village_name}{}组{}号",
            rng.random_range(1..=12),
            rng.random_range(1..=80)
        ),
        UrbanRural::Urban => {
            let (building, unit) = (rng.random_range(1..=30), rng.random_range(1..=4));
            let room = rng.random_range(1..=18) * 100 + rng.random_range(1..=4);
            if rng.random_bool(0.5) {
                format!("{}{}号{unit}单元{room}", one_of(rng, &STREETS), building)
            } else {
                format!("{}{building}栋{unit}单元{room}", one_of(rng, &ESTATES))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Health, economy
// ---------------------------------------------------------------------------------------------

const COMMON_DISEASES: [&str; 14] = [
    "高血压",
    "糖尿病",
    "冠心病",
    "慢性支气管炎",
    "骨质疏松",
    "白内障",
    "关节炎",
    "脑梗死",
    "痛风",
    "慢性胃炎",
    "腰椎间盘突出",
    "前列腺增生",
    "高脂血症",
    "听力减退",
];

const SERIOUS_DISEASES: [&str; 8] = [
    "肺癌",
    "胃癌术后",
    "尿毒症（规律透析）",
    "脑卒中后遗症",
    "慢性心力衰竭",
    "重度慢阻肺",
    "肝硬化",
    "帕金森病",
];

const DEMENTIA_DISEASES: [&str; 2] = ["阿尔茨海默病", "血管性痴呆"];

/// 残疾类别 with its code in the 残疾人证号 (1 视力 … 7 多重) and its weight among elders.
const DISABILITY_KINDS: [((u8, &str), u32); 7] = [
    ((1, "视力"), 15),
    ((2, "听力"), 20),
    ((3, "言语"), 3),
    ((4, "肢体"), 45),
    ((5, "智力"), 4),
    ((6, "精神"), 5),
    ((7, "多重"), 8),
];

/// Ability level weights (完好, 轻度, 中度, 重度, 完全) by age band.
fn ability_level(rng: &mut impl Rng, age: u32) -> AbilityLevel {
    use AbilityLevel::*;
    let weights = match age {
        ..70 => [72, 16, 7, 3, 2],
        70..80 => [60, 21, 10, 6, 3],
        80..90 => [42, 25, 15, 10, 8],
        _ => [28, 27, 18, 14, 13],
    };
    weighted(
        rng,
        &[
            (Intact, weights[0]),
            (MildlyImpaired, weights[1]),
            (ModeratelyImpaired, weights[2]),
            (SeverelyImpaired, weights[3]),
            (FullyImpaired, weights[4]),
        ],
    )
}

fn dementia_rate(age: u32) -> f64 {
    match age {
        ..70 => 0.02,
        70..80 => 0.04,
        80..90 => 0.09,
        _ => 0.16,
    }
}

fn disease_history(rng: &mut impl Rng, dementia: bool, serious: bool) -> Option<String> {
    let count = weighted(rng, &[(0usize, 25), (1, 35), (2, 28), (3, 12)]);
    let mut diseases: Vec<&str> = COMMON_DISEASES.choose_multiple(rng, count).copied().collect();
    if serious {
        diseases.push(one_of(rng, &SERIOUS_DISEASES));
    }
    if dementia {
        diseases.push(one_of(rng, &DEMENTIA_DISEASES));
    }
    (!diseases.is_empty()).then(|| diseases.join("、"))
}

/// A disability of the elder: (grade 1–4, 残疾类别 code).
fn disability(rng: &mut impl Rng) -> (i32, u8) {
    let grade = weighted(rng, &[(1, 15), (2, 25), (3, 30), (4, 30)]);
    let (code, _) = weighted(rng, &DISABILITY_KINDS);
    (grade, code)
}

/// The health text of a disabled child, e.g. "二级智力残疾".
/// The note, the grade (also recorded as data) and whether the child needs care.
fn disabled_child_health(rng: &mut impl Rng, max_grade: usize) -> (String, i32, bool) {
    let (grade, number) = match rng.random_range(0..max_grade.clamp(1, 3)) {
        0 => ("一", 1),
        1 => ("二", 2),
        _ => ("三", 3),
    };
    let ((_, kind), _) = one_of(rng, &DISABILITY_KINDS);
    let needs_care = matches!(kind, "智力" | "精神");
    (format!("{grade}级{kind}残疾"), number, needs_care)
}

// ---------------------------------------------------------------------------------------------
// Family
// ---------------------------------------------------------------------------------------------

/// How the elder's children stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Offspring {
    /// 1–4 children, none of them an only child who died or is disabled.
    Children(usize),
    /// No children ever (or none with duty of support).
    None,
    /// 失独: the only child died.
    LostOnlyChild,
    /// 计划生育特殊家庭: the only child is disabled (grade 1–3).
    OnlyChildDisabled,
}

const AWAY_LOCATIONS: [&str; 14] = [
    "广东东莞",
    "广东深圳",
    "广东广州",
    "浙江宁波",
    "浙江杭州",
    "浙江温州",
    "重庆主城",
    "四川成都",
    "福建泉州",
    "江苏苏州",
    "上海",
    "北京",
    "新疆乌鲁木齐",
    "云南昆明",
];

const CLOSE_RELATIVES: [(&str, u32); 6] = [
    ("侄子", 30),
    ("侄女", 20),
    ("外甥", 15),
    ("外甥女", 10),
    ("弟弟", 12),
    ("妹妹", 13),
];

/// 春节 (Spring Festival) dates, for children's planned return.
#[rustfmt::skip]
const SPRING_FESTIVALS: [(i32, u32, u32); 16] = [
    (2024, 2, 10), (2025, 1, 29), (2026, 2, 17), (2027, 2, 6),
    (2028, 1, 26), (2029, 2, 13), (2030, 2, 3), (2031, 1, 23),
    (2032, 2, 11), (2033, 1, 31), (2034, 2, 19), (2035, 2, 8),
    (2036, 1, 28), (2037, 2, 15), (2038, 2, 4), (2039, 1, 24),
];

/// The next 春节 more than a fortnight after `today` (or half a year on, past the table).
fn next_spring_festival(today: NaiveDate) -> NaiveDate {
    SPRING_FESTIVALS
        .iter()
        .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
        .find(|&day| day > today + Days::new(14))
        .unwrap_or(today + Days::new(180))
}

fn children_count(rng: &mut impl Rng, birth_year: i32) -> usize {
    match birth_year {
        ..1945 => weighted(rng, &[(1, 8), (2, 25), (3, 35), (4, 32)]),
        1945..1955 => weighted(rng, &[(1, 15), (2, 35), (3, 35), (4, 15)]),
        _ => weighted(rng, &[(1, 40), (2, 40), (3, 15), (4, 5)]),
    }
}

fn living_arrangement(rng: &mut impl Rng, age: u32, ability: AbilityLevel) -> LivingArrangement {
    use LivingArrangement::*;
    let [mut alone, spouse, family, mut carer, disabled_child] = if age < 80 {
        [27, 34, 32, 3, 4]
    } else {
        [32, 16, 38, 10, 4]
    };
    if matches!(ability, AbilityLevel::SeverelyImpaired | AbilityLevel::FullyImpaired) {
        alone /= 2;
        carer += 12;
    }
    weighted(
        rng,
        &[
            (Alone, alone),
            (WithSpouse, spouse),
            (WithFamily, family),
            (WithCarer, carer),
            (WithDisabledChild, disabled_child),
        ],
    )
}

fn spouse_alive_rate(age: u32) -> f64 {
    match age {
        ..70 => 0.7,
        70..80 => 0.55,
        80..90 => 0.35,
        _ => 0.15,
    }
}

struct Household {
    arrangement: LivingArrangement,
    members: Vec<FamilyMemberInput>,
    /// The disabled child living with the elder needs long-term care (智力/精神).
    caring_for_child: bool,
}

/// Builds the household: living arrangement, spouse and children as family members.
fn household(
    rng: &mut impl Rng,
    me: &Identity,
    my_surname: &str,
    me_name: &str,
    ability: AbilityLevel,
    offspring: Offspring,
    support: Option<HardshipSupport>,
) -> Household {
    use LivingArrangement::*;
    let arrangement = match (support, offspring) {
        (Some(HardshipSupport::Centralized), _) => WithCarer,
        (Some(HardshipSupport::Dispersed), _) => weighted(rng, &[(Alone, 80), (WithSpouse, 10), (WithCarer, 10)]),
        (None, Offspring::None | Offspring::LostOnlyChild) => {
            weighted(rng, &[(Alone, 45), (WithSpouse, 45), (WithCarer, 10)])
        }
        (None, Offspring::OnlyChildDisabled) => {
            weighted(rng, &[(WithDisabledChild, 60), (WithSpouse, 25), (Alone, 15)])
        }
        (None, Offspring::Children(_)) => living_arrangement(rng, me.age, ability),
    };
    let with_spouse = match arrangement {
        WithSpouse => true,
        Alone => false,
        _ => support.is_none() && rng.random_bool(spouse_alive_rate(me.age)),
    };

    let mut members = Vec::new();
    let mut taken = vec![me_name.to_string()];
    // Women keep their own surname; the children carry the father's.
    let husband_surname = match me.sex {
        Sex::Male => my_surname,
        Sex::Female => surname(rng),
    };
    if with_spouse {
        let spouse_surname = match me.sex {
            Sex::Female => husband_surname,
            Sex::Male => surname(rng),
        };
        let spouse_year = me.birth.year() + rng.random_range(-6..=4);
        members.push(FamilyMemberInput {
            name: distinct_name(rng, &mut taken, spouse_surname, opposite(me.sex), spouse_year),
            relation: "配偶".to_string(),
            health: rng
                .random_bool(0.5)
                .then(|| one_of(rng, &["健康", "高血压", "行动不便", "糖尿病", "体弱多病"]).to_string()),
            phone: rng.random_bool(0.4).then(|| mobile(rng)),
            visits_often: Some(false),
            lives_with: Some(true),
            // The spouse's age as the family states it on the day the file is entered.
            age: i32::try_from(me.age)
                .ok()
                .map(|age| age - (spouse_year - me.birth.year())),
            ..FamilyMemberInput::default()
        });
    }

    let (children, disabled_only_child) = match offspring {
        Offspring::Children(n) if arrangement == WithDisabledChild => (n.max(2), false),
        Offspring::Children(n) => (n, false),
        Offspring::OnlyChildDisabled => (1, true),
        Offspring::None | Offspring::LostOnlyChild => (0, false),
    };
    let listed = children.min(4 - members.len());
    let first_child = members.len();
    for _ in 0..listed {
        let sex = random_sex(rng);
        let birth_year = (me.birth.year() + rng.random_range(20..=36)).min(2006);
        members.push(FamilyMemberInput {
            name: distinct_name(rng, &mut taken, husband_surname, sex, birth_year),
            relation: match sex {
                Sex::Male => "儿子",
                Sex::Female => "女儿",
            }
            .to_string(),
            health: rng.random_bool(0.2).then(|| "健康".to_string()),
            phone: rng.random_bool(0.85).then(|| mobile(rng)),
            visits_often: Some(rng.random_bool(0.55)),
            lives_with: Some(false),
            ..FamilyMemberInput::default()
        });
    }

    let mut caring_for_child = false;
    if listed > 0 {
        let chosen = first_child + rng.random_range(0..listed);
        if disabled_only_child || arrangement == WithDisabledChild {
            // 计生特殊家庭: grade 1–3; living together with a 重度残疾 child: grade 1–2.
            let max_grade = if arrangement == WithDisabledChild { 2 } else { 3 };
            let (health, grade, needs_care) = disabled_child_health(rng, max_grade);
            caring_for_child = arrangement == WithDisabledChild && needs_care;
            if let Some(child) = members.get_mut(chosen) {
                child.health = Some(health);
                child.disability_grade = Some(grade);
                child.lives_with = Some(arrangement == WithDisabledChild);
                child.visits_often = Some(false);
                if needs_care {
                    child.phone = None;
                }
            }
        } else if arrangement == WithFamily {
            if let Some(child) = members.get_mut(chosen) {
                child.lives_with = Some(true);
                child.visits_often = Some(true);
            }
        }
    }
    Household {
        arrangement,
        members,
        caring_for_child,
    }
}

// ---------------------------------------------------------------------------------------------
// The elder
// ---------------------------------------------------------------------------------------------

const REFUSAL_NOTES: [&str; 5] = [
    "本人表示子女照顾周到，暂不需要探访",
    "本人表示身体尚好，不愿被打扰，已签字确认",
    "家属代为说明由子女自行照料，本人同意不再上门探访",
    "本人表示已有亲属每日照看，暂不需要探访",
    "本人书面表示不接受上门探访，可电话联系",
];

const HELP: [&str; 8] = [
    "适老化改造",
    "助餐服务",
    "家庭医生签约服务",
    "临时救助",
    "居家养老上门服务",
    "安装紧急呼叫设备",
    "节日慰问",
    "代购代办",
];

/// The `index`-th elder of the plan's seed, living in one of the [`AreaLevel::Village`] nodes
/// of `villages`. Deterministic in `(plan.seed, index, villages, today)`; passes
/// [`ElderFile::parse`](crate::domain::elder::ElderFile::parse) on `today`. Each part of the
/// file is drawn in turn from the elder's own random stream, always in the same order.
pub fn elder(plan: &DemoPlan, villages: &[DemoArea], index: usize, today: NaiveDate) -> ElderFileInput {
    let seed = plan.stream_seed();
    let mut rng = person_rng(seed, index);
    let rng = &mut rng;
    let me = identity(rng, plan.district.code, seed, index, today);
    let my_surname = surname(rng);
    let name = full_name(rng, my_surname, me.sex, me.birth.year());
    let homes: Vec<&DemoArea> = villages.iter().filter(|a| a.level == AreaLevel::Village).collect();
    let place = home_village(rng, &homes, plan.district.code);
    let health = health(rng, me.age);
    let economy = economy(rng, place.urban_rural);

    // Family.
    let offspring = match rng.random_range(0..100) {
        _ if economy.status == EconomicStatus::SpecialHardship => Offspring::None,
        0 if me.birth.year() >= 1935 => Offspring::LostOnlyChild,
        1 if me.birth.year() >= 1935 => Offspring::OnlyChildDisabled,
        2..=4 => Offspring::None,
        _ => Offspring::Children(children_count(rng, me.birth.year())),
    };
    let mut home = household(rng, &me, my_surname, &name, health.ability, offspring, economy.support);
    let away = left_behind(rng, &mut home, offspring, place.urban_rural, today);
    let emergency_contacts = emergency_contacts(
        rng,
        seed,
        &me,
        my_surname,
        &home.members,
        &place.code,
        place.urban_rural,
    );

    let vulnerable = matches!(
        health.ability,
        AbilityLevel::SeverelyImpaired | AbilityLevel::FullyImpaired
    ) || (home.arrangement == LivingArrangement::Alone && me.age >= 80)
        || health.dementia
        || health.serious_illness;
    let (risk_level, risk_assessed_on, risk_assessor) = match rng.random_bool(0.5) {
        true => risk_assessment(rng, today, vulnerable),
        false => (None, None, None),
    };
    let help_received = rng.random_bool(0.3).then(|| {
        let count = rng.random_range(1..=2);
        HELP.choose_multiple(rng, count).copied().collect::<Vec<_>>().join("、")
    });

    // Consent: about 3 % refuse, in writing.
    let refused = rng.random_bool(0.03);
    let consent_note = refused.then(|| one_of(rng, &REFUSAL_NOTES).to_string());
    let consent_recorded_on = Some(days_ago(today, rng.random_range(1..=700)));

    let centralized = economy.support == Some(HardshipSupport::Centralized);
    let addresses = addresses(rng, &place, &homes, centralized);

    let phone_rate = if me.age >= 80 || health.dementia { 0.55 } else { 0.78 };
    let phone = rng.random_bool(phone_rate).then(|| mobile(rng));
    let monthly_income_yuan = rng.random_bool(0.85).then(|| round_to_ten(economy.income));
    let pension_yuan = rng.random_bool(0.9).then(|| round_to_ten(economy.pension));
    let unrecorded = unrecorded_categories(rng, &me, offspring, &home);

    let (children_away_location, children_away_since, children_planned_return) = match away {
        Some((location, since, back)) => (Some(location), Some(since), back),
        None => (None, None, None),
    };
    let mut input = ElderFileInput {
        name,
        birth_date: Some(me.birth),
        sex: Some(me.sex),
        phone,
        village_code: place.code,
        residence_address: addresses.residence,
        household_village_code: addresses.household_village_code,
        household_address: addresses.household,
        urban_rural: place.urban_rural,
        ability_level: health.ability,
        disease_history: health.disease_history,
        has_dementia: Some(health.dementia),
        has_serious_illness: Some(health.serious_illness),
        // 残疾人证号: the 身份证号, the 残疾类别 code and the grade (20 characters).
        disability_certificate_no: health
            .disability
            .map(|(grade, kind)| format!("{}{kind}{grade}", me.number)),
        disability_grade: health.disability.map(|(grade, _)| grade),
        id_number: me.number,
        economic_status: economy.status,
        hardship_support: economy.support,
        monthly_income_yuan,
        pension_yuan,
        subsidies: subsidies(me.age, economy.status, health.disability.is_some(), health.ability),
        living_arrangement: home.arrangement,
        family_members: Some(home.members),
        children_away_location,
        children_away_since,
        children_planned_return,
        emergency_contacts: Some(emergency_contacts),
        categories: None,
        help_received,
        risk_level,
        risk_assessed_on,
        risk_assessor,
        consent: if refused {
            ConsentStatus::Refused
        } else {
            ConsentStatus::Consented
        },
        consent_note,
        consent_recorded_on,
        // 家属查看: most elders who accept visits also let their family see them.
        shares_with_family: Some(!refused && rng.random_bool(0.6)),
    };
    input.categories = Some(categories(&input, me.age, today, &unrecorded));
    input
}

/// The village an elder lives in (居住地).
struct HomeVillage {
    code: String,
    name: String,
    urban_rural: UrbanRural,
}

/// One of `homes`, or a stand-in village of `district` when the plan has none.
fn home_village(rng: &mut impl Rng, homes: &[&DemoArea], district: &str) -> HomeVillage {
    match homes.choose(rng) {
        Some(v) => HomeVillage {
            code: v.code.clone(),
            name: v.name.clone(),
            urban_rural: v.urban_rural.unwrap_or(UrbanRural::Rural),
        },
        None => HomeVillage {
            code: format!("{district}001001"),
            name: "示范村".to_string(),
            urban_rural: UrbanRural::Rural,
        },
    }
}

/// 健康状况: ability, dementia, serious illness, the history written down, and a disability
/// (grade, kind) if any.
struct Health {
    ability: AbilityLevel,
    dementia: bool,
    serious_illness: bool,
    disease_history: Option<String>,
    disability: Option<(i32, u8)>,
}

fn health(rng: &mut impl Rng, age: u32) -> Health {
    let mut ability = ability_level(rng, age);
    let dementia = rng.random_bool(dementia_rate(age));
    if dementia && ability == AbilityLevel::Intact {
        ability = AbilityLevel::MildlyImpaired;
    }
    let serious_illness = rng.random_bool(0.08);
    let disease_history = disease_history(rng, dementia, serious_illness);
    let disability = rng.random_bool(0.10).then(|| disability(rng));
    Health {
        ability,
        dementia,
        serious_illness,
        disease_history,
        disability,
    }
}

/// 经济状况: the status, how a 特困 elder is supported, and monthly pension and income (yuan).
struct Economy {
    status: EconomicStatus,
    support: Option<HardshipSupport>,
    pension: i32,
    income: i32,
}

fn economy(rng: &mut impl Rng, urban_rural: UrbanRural) -> Economy {
    use EconomicStatus::*;
    let status = weighted(
        rng,
        &[
            (SpecialHardship, 5),
            (MinimumLiving, 12),
            (NearMinimumLiving, 5),
            (Ordinary, 78),
        ],
    );
    let support = (status == SpecialHardship).then(|| {
        weighted(
            rng,
            &[(HardshipSupport::Dispersed, 85), (HardshipSupport::Centralized, 15)],
        )
    });
    let pension = match urban_rural {
        UrbanRural::Urban if status == Ordinary && rng.random_bool(0.8) => rng.random_range(1800..=5200),
        _ => rng.random_range(130..=450),
    };
    let income = pension
        + match status {
            SpecialHardship => rng.random_range(500..=900),
            MinimumLiving => rng.random_range(300..=700),
            NearMinimumLiving => rng.random_range(200..=800),
            Ordinary => rng.random_range(0..=2500),
        };
    Economy {
        status,
        support,
        pension,
        income,
    }
}

/// 农村留守: a rural elder living alone or as a couple whose children work elsewhere (where,
/// since when, when they plan to return); those children then seldom visit.
fn left_behind(
    rng: &mut impl Rng,
    home: &mut Household,
    offspring: Offspring,
    urban_rural: UrbanRural,
    today: NaiveDate,
) -> Option<(String, NaiveDate, Option<NaiveDate>)> {
    let may_be_left_behind = urban_rural == UrbanRural::Rural
        && matches!(offspring, Offspring::Children(_))
        && matches!(
            home.arrangement,
            LivingArrangement::Alone | LivingArrangement::WithSpouse
        );
    let away = (may_be_left_behind && rng.random_bool(0.40)).then(|| children_away(rng, today));
    if away.is_some() {
        for child in home.members.iter_mut().filter(|m| is_child(m)) {
            child.visits_often = Some(false);
        }
    }
    away
}

/// 居住地址 and 户籍: the residence (a room of the 敬老院 for centralized support), and mostly
/// the same 户籍.
struct Addresses {
    residence: String,
    household_village_code: Option<String>,
    household: Option<String>,
}

fn addresses(rng: &mut impl Rng, place: &HomeVillage, homes: &[&DemoArea], centralized: bool) -> Addresses {
    let residence = if centralized {
        format!("{}敬老院{}号房", place.name, rng.random_range(101..=330))
    } else {
        home_address(rng, &place.name, place.urban_rural)
    };
    let (household_village_code, household) = match rng.random_range(0..100) {
        0..80 if !centralized => (Some(place.code.clone()), Some(residence.clone())),
        0..88 => (
            Some(place.code.clone()),
            Some(home_address(rng, &place.name, place.urban_rural)),
        ),
        88..96 => match homes.choose(rng) {
            Some(v) => {
                let kind = v.urban_rural.unwrap_or(UrbanRural::Rural);
                (Some(v.code.clone()), Some(home_address(rng, &v.name, kind)))
            }
            None => (None, None),
        },
        _ => (None, None),
    };
    Addresses {
        residence,
        household_village_code,
        household,
    }
}

/// Categories no field of the file records (计生特殊家庭, 失独, caring for a disabled child,
/// 子女委托, 重点优抚对象).
fn unrecorded_categories(rng: &mut impl Rng, me: &Identity, offspring: Offspring, home: &Household) -> Vec<Category> {
    let no_child_at_home =
        home.members.iter().any(is_child) && !home.members.iter().any(|m| is_child(m) && m.lives_with == Some(true));
    let mut unrecorded = Vec::new();
    if matches!(offspring, Offspring::LostOnlyChild | Offspring::OnlyChildDisabled) {
        unrecorded.push(Category::FamilyPlanningSpecial);
    }
    if offspring == Offspring::LostOnlyChild {
        unrecorded.push(Category::LostOnlyChild);
    }
    if home.caring_for_child {
        unrecorded.push(Category::CaringForDisabledChild);
    }
    if no_child_at_home && rng.random_bool(0.05) {
        unrecorded.push(Category::EntrustedByChildren);
    }
    if me.sex == Sex::Male && rng.random_bool(0.02) {
        unrecorded.push(Category::PriorityVeteran);
    }
    unrecorded
}

/// The categories of a file: those that follow from its fields, plus `unrecorded` ones, in
/// declaration order; [`Category::Other`] when none applies.
fn categories(input: &ElderFileInput, age: u32, today: NaiveDate, unrecorded: &[Category]) -> Vec<Category> {
    use LivingArrangement::*;
    let six_months_ago = today.checked_sub_months(Months::new(6)).unwrap_or(today);
    let alone = input.living_arrangement == Alone;
    let rules = [
        (Category::LivingAlone, alone),
        (Category::EmptyNest, input.living_arrangement == WithSpouse),
        (
            Category::RuralLeftBehind,
            input.urban_rural == UrbanRural::Rural && input.children_away_since.is_some_and(|d| d <= six_months_ago),
        ),
        (Category::Disabled, input.ability_level.is_impaired()),
        (
            Category::SeverelyHandicapped,
            input.disability_grade.is_some_and(|g| g <= 2),
        ),
        (
            Category::UrbanLivingAlone,
            alone && input.urban_rural == UrbanRural::Urban,
        ),
        (
            Category::DispersedSpecialHardship,
            input.hardship_support == Some(HardshipSupport::Dispersed),
        ),
        (
            Category::MinimumLiving,
            input.economic_status == EconomicStatus::MinimumLiving,
        ),
        (
            Category::NearMinimumLiving,
            input.economic_status == EconomicStatus::NearMinimumLiving,
        ),
        (Category::AdvancedAge, age >= 80),
        (Category::SeriousIllness, input.has_serious_illness == Some(true)),
        (Category::Dementia, input.has_dementia == Some(true)),
        (
            Category::LivingWithDisabledChild,
            input.living_arrangement == WithDisabledChild,
        ),
    ];
    let mut set: BTreeSet<Category> = rules
        .into_iter()
        .filter(|&(_, applies)| applies)
        .map(|(c, _)| c)
        .collect();
    set.extend(unrecorded);
    if set.is_empty() {
        set.insert(Category::Other);
    }
    set.into_iter().collect()
}

fn is_child(member: &FamilyMemberInput) -> bool {
    member.relation == "儿子" || member.relation == "女儿"
}

/// Where the children went, since when (usually more than six months, a few only recently),
/// and when they plan to come back (often just before 春节).
fn children_away(rng: &mut impl Rng, today: NaiveDate) -> (String, NaiveDate, Option<NaiveDate>) {
    let location = one_of(rng, &AWAY_LOCATIONS).to_string();
    let since = if rng.random_bool(0.06) {
        days_ago(today, rng.random_range(20..=150))
    } else {
        days_ago(today, rng.random_range(200..=5000))
    };
    let planned_return = match rng.random_range(0..100) {
        0..60 => Some(next_spring_festival(today) - Days::new(rng.random_range(2..=10))),
        60..75 => NaiveDate::from_ymd_opt(today.year() + 1, 10, 1),
        _ => None,
    };
    (location, since, planned_return)
}

/// Emergency contacts in the order of jiangmen-2024: up to two children with a phone, a close
/// relative when fewer than two children can be called, and the village's staff last.
fn emergency_contacts(
    rng: &mut impl Rng,
    seed: u64,
    me: &Identity,
    my_surname: &str,
    members: &[FamilyMemberInput],
    village_code: &str,
    urban_rural: UrbanRural,
) -> Vec<EmergencyContactInput> {
    let mut contacts: Vec<EmergencyContactInput> = members
        .iter()
        .filter(|m| is_child(m))
        .filter_map(|m| {
            m.phone.as_ref().map(|phone| EmergencyContactInput {
                name: m.name.clone(),
                relation: m.relation.clone(),
                phone: phone.clone(),
            })
        })
        .take(2)
        .collect();
    if contacts.len() < 2 && rng.random_bool(0.5) {
        let relation = weighted(rng, &CLOSE_RELATIVES);
        // A brother's children carry the elder's (maiden) surname, a sister's do not.
        let (family, sex) = match relation {
            "侄子" | "弟弟" => (my_surname, Sex::Male),
            "侄女" | "妹妹" => (my_surname, Sex::Female),
            "外甥" => (surname(rng), Sex::Male),
            _ => (surname(rng), Sex::Female),
        };
        let year = match relation {
            "弟弟" | "妹妹" => me.birth.year() + rng.random_range(2..=10),
            _ => me.birth.year() + rng.random_range(22..=40),
        };
        contacts.push(EmergencyContactInput {
            name: full_name(rng, family, sex, year),
            relation: relation.to_string(),
            phone: mobile(rng),
        });
    }
    let (name, phone) = village_staff(seed, village_code);
    let relation = match urban_rural {
        UrbanRural::Rural => VILLAGE_STAFF_RELATION,
        UrbanRural::Urban => COMMUNITY_STAFF_RELATION,
    };
    contacts.push(EmergencyContactInput {
        name,
        relation: relation.to_string(),
        phone,
    });
    contacts
}

/// A risk assessment within the last year: (level, date, assessor). About 15 % are high.
fn risk_assessment(
    rng: &mut impl Rng,
    today: NaiveDate,
    vulnerable: bool,
) -> (Option<RiskLevel>, Option<NaiveDate>, Option<String>) {
    let [high, medium, low] = if vulnerable { [35, 45, 20] } else { [8, 35, 57] };
    let level = weighted(
        rng,
        &[
            (RiskLevel::High, high),
            (RiskLevel::Medium, medium),
            (RiskLevel::Low, low),
        ],
    );
    let assessed_on = days_ago(today, rng.random_range(0..=364));
    let sex = random_sex(rng);
    let family = surname(rng);
    let born = rng.random_range(1975..=2000);
    (Some(level), Some(assessed_on), Some(full_name(rng, family, sex, born)))
}

fn subsidies(age: u32, economic: EconomicStatus, disabled: bool, ability: AbilityLevel) -> Option<String> {
    let list: Vec<&str> = [
        (age >= 80, "高龄津贴"),
        (economic == EconomicStatus::MinimumLiving, "低保金"),
        (economic == EconomicStatus::SpecialHardship, "特困人员救助供养金"),
        (disabled, "残疾人两项补贴"),
        (
            matches!(ability, AbilityLevel::SeverelyImpaired | AbilityLevel::FullyImpaired),
            "失能老人护理补贴",
        ),
    ]
    .into_iter()
    .filter_map(|(applies, name)| applies.then_some(name))
    .collect();
    (!list.is_empty()).then(|| list.join("、"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::domain::elder::ElderFile;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn plan(seed: u64) -> DemoPlan {
        DemoPlan::with_seed(seed)
    }

    fn villages(plan: &DemoPlan) -> Vec<DemoArea> {
        areas(plan)
            .into_iter()
            .filter(|a| a.level == AreaLevel::Village)
            .collect()
    }

    fn generate(seed: u64, count: usize, today: NaiveDate) -> Vec<ElderFileInput> {
        let plan = plan(seed);
        let villages = villages(&plan);
        (0..count).map(|i| elder(&plan, &villages, i, today)).collect()
    }

    fn has(input: &ElderFileInput, category: Category) -> bool {
        cats(input).contains(&category)
    }

    fn cats(input: &ElderFileInput) -> &[Category] {
        input.categories.as_deref().unwrap_or_default()
    }

    fn members(input: &ElderFileInput) -> &[FamilyMemberInput] {
        input.family_members.as_deref().unwrap_or_default()
    }

    fn contacts(input: &ElderFileInput) -> &[EmergencyContactInput] {
        input.emergency_contacts.as_deref().unwrap_or_default()
    }

    /// Every category that follows from a field agrees with it.
    fn check_consistency(input: &ElderFileInput, today: NaiveDate) -> Result<(), String> {
        let id = IdNumber::parse(&input.id_number, today).map_err(|e| e.to_string())?;
        let age = id.age_on(today);
        let children: Vec<&FamilyMemberInput> = members(input).iter().filter(|m| is_child(m)).collect();
        let disabled_children = children
            .iter()
            .filter(|c| c.health.as_deref().is_some_and(|h| h.contains("残疾")));
        let six_months_ago = today.checked_sub_months(Months::new(6)).unwrap();
        let arrangement = input.living_arrangement;
        let spouse = members(input).iter().filter(|m| m.relation == "配偶").count();
        let only_child_disabled = children.len() == 1 && disabled_children.clone().count() == 1;
        let rules = [
            (Category::LivingAlone, arrangement == LivingArrangement::Alone),
            (Category::EmptyNest, arrangement == LivingArrangement::WithSpouse),
            (
                Category::RuralLeftBehind,
                input.urban_rural == UrbanRural::Rural
                    && input.children_away_since.is_some_and(|d| d <= six_months_ago),
            ),
            (Category::Disabled, input.ability_level.is_impaired()),
            (
                Category::SeverelyHandicapped,
                input.disability_grade.is_some_and(|g| g <= 2),
            ),
            (
                Category::FamilyPlanningSpecial,
                has(input, Category::LostOnlyChild) || only_child_disabled,
            ),
            (
                Category::UrbanLivingAlone,
                arrangement == LivingArrangement::Alone && input.urban_rural == UrbanRural::Urban,
            ),
            (
                Category::DispersedSpecialHardship,
                input.hardship_support == Some(HardshipSupport::Dispersed),
            ),
            (
                Category::MinimumLiving,
                input.economic_status == EconomicStatus::MinimumLiving,
            ),
            (
                Category::NearMinimumLiving,
                input.economic_status == EconomicStatus::NearMinimumLiving,
            ),
            (Category::AdvancedAge, age >= 80),
            (Category::SeriousIllness, input.has_serious_illness == Some(true)),
            (Category::Dementia, input.has_dementia == Some(true)),
            (
                Category::LivingWithDisabledChild,
                arrangement == LivingArrangement::WithDisabledChild,
            ),
        ];
        for (category, expected) in rules {
            if has(input, category) != expected {
                return Err(format!("{category:?} should be {expected}"));
            }
        }
        let checks = [
            ("at least one category", !cats(input).is_empty()),
            (
                "other only alone",
                !has(input, Category::Other) || cats(input).len() == 1,
            ),
            (
                "no duplicate category",
                cats(input).iter().collect::<HashSet<_>>().len() == cats(input).len(),
            ),
            (
                "lost only child has no children",
                !has(input, Category::LostOnlyChild) || children.is_empty(),
            ),
            (
                "caring implies living with the child",
                !has(input, Category::CaringForDisabledChild) || has(input, Category::LivingWithDisabledChild),
            ),
            ("sex from the id", input.sex == Some(id.sex())),
            ("birth date from the id", input.birth_date == Some(id.birth_date())),
            ("age 60–100", (60..=100).contains(&age)),
            ("at most 4 family members", members(input).len() <= 4),
            (
                "family members have distinct names",
                members(input)
                    .iter()
                    .map(|m| &m.name)
                    .chain([&input.name])
                    .collect::<HashSet<_>>()
                    .len()
                    == members(input).len() + 1,
            ),
            (
                "spouse iff with spouse",
                arrangement != LivingArrangement::WithSpouse || spouse == 1,
            ),
            (
                "no spouse when alone",
                arrangement != LivingArrangement::Alone || spouse == 0,
            ),
            (
                "someone lives with an elder living with family",
                !matches!(
                    arrangement,
                    LivingArrangement::WithFamily | LivingArrangement::WithDisabledChild
                ) || children.iter().any(|c| c.lives_with == Some(true)),
            ),
            (
                "nobody lives with an elder living alone",
                arrangement != LivingArrangement::Alone || members(input).iter().all(|m| m.lives_with != Some(true)),
            ),
            ("1–3 emergency contacts", (1..=3).contains(&contacts(input).len())),
            (
                "hardship support only for 特困",
                input.hardship_support.is_some() == (input.economic_status == EconomicStatus::SpecialHardship),
            ),
            (
                "disability grade iff certificate",
                input.disability_grade.is_some() == input.disability_certificate_no.is_some(),
            ),
            (
                "refusal has a note",
                (input.consent == ConsentStatus::Refused) == input.consent_note.is_some(),
            ),
            (
                "risk level, date and assessor together",
                input.risk_level.is_some() == input.risk_assessed_on.is_some()
                    && input.risk_level.is_some() == input.risk_assessor.is_some(),
            ),
            (
                "risk assessed within the last year",
                input
                    .risk_assessed_on
                    .is_none_or(|d| d <= today && d > today.checked_sub_months(Months::new(12)).unwrap()),
            ),
            (
                "recorded dates are not in the future",
                [input.children_away_since, input.consent_recorded_on]
                    .iter()
                    .flatten()
                    .all(|d| *d <= today),
            ),
            (
                "children return after they left",
                match (input.children_away_since, input.children_planned_return) {
                    (Some(since), Some(back)) => back >= since,
                    _ => true,
                },
            ),
        ];
        for (what, ok) in checks {
            if !ok {
                return Err(what.to_string());
            }
        }
        // Emergency contacts: children first, then a close relative, the village staff last.
        let rank = |relation: &str| match relation {
            "儿子" | "女儿" => 0,
            VILLAGE_STAFF_RELATION | COMMUNITY_STAFF_RELATION => 2,
            _ => 1,
        };
        let ranks: Vec<i32> = contacts(input).iter().map(|c| rank(&c.relation)).collect();
        if !ranks.windows(2).all(|w| w[0] <= w[1]) || ranks.last() != Some(&2) {
            return Err(format!("emergency contacts out of order: {ranks:?}"));
        }
        Ok(())
    }

    #[test]
    fn the_first_5000_elders_are_valid_files_with_consistent_categories() {
        for (i, input) in generate(7, 5000, today()).iter().enumerate() {
            if let Err(e) = ElderFile::parse(input, today()) {
                panic!("elder {i} does not parse: {e}\n{input:#?}");
            }
            if let Err(e) = check_consistency(input, today()) {
                panic!("elder {i} is inconsistent: {e}\n{input:#?}");
            }
        }
    }

    #[test]
    fn elders_are_valid_on_awkward_days_too() {
        for day in [(2028, 2, 29), (2027, 1, 1), (2026, 12, 31), (2039, 6, 30)] {
            let today = NaiveDate::from_ymd_opt(day.0, day.1, day.2).unwrap();
            for (i, input) in generate(3, 500, today).iter().enumerate() {
                assert!(ElderFile::parse(input, today).is_ok(), "{today} elder {i}");
                assert_eq!(check_consistency(input, today), Ok(()), "{today} elder {i}");
            }
        }
    }

    #[test]
    fn the_same_seed_and_index_give_the_same_elder() {
        let plan = plan(42);
        let villages = villages(&plan);
        for index in [0, 1, 17, 499, 500, 12_345, 999_999] {
            let first = elder(&plan, &villages, index, today());
            assert_eq!(first, elder(&plan, &villages, index, today()), "{index}");
            assert_eq!(first.id_number, id_number(plan.seed, index, today()), "{index}");
            assert_ne!(first, elder(&self::plan(43), &villages, index, today()), "{index}");
        }
        // Generating other indices first changes nothing.
        let alone = elder(&plan, &villages, 300, today());
        let in_order: Vec<ElderFileInput> = (0..=300).map(|i| elder(&plan, &villages, i, today())).collect();
        assert_eq!(alone, in_order[300]);
        let other_seed: Vec<String> = generate(43, 50, today()).into_iter().map(|e| e.id_number).collect();
        let this_seed: Vec<String> = generate(42, 50, today()).into_iter().map(|e| e.id_number).collect();
        assert_ne!(other_seed, this_seed);
    }

    #[test]
    fn elder_ids_are_stable_uuids() {
        assert_eq!(elder_id(1, 0), elder_id(1, 0));
        assert_ne!(elder_id(1, 0), elder_id(1, 1));
        assert_ne!(elder_id(1, 0), elder_id(2, 0));
        let id = Uuid::parse_str(elder_id(1, 0).as_str()).unwrap();
        assert_eq!(id.get_version_num(), 5);
        let expected = Uuid::new_v5(&DEMO_NAMESPACE, b"tanfang-demo/1/0");
        assert_eq!(id, expected);
        let ids: HashSet<ElderId> = (0..10_000).map(|i| elder_id(9, i)).collect();
        assert_eq!(ids.len(), 10_000);
    }

    #[test]
    fn another_district_has_its_own_places_people_ids_and_region() {
        let other = DemoDistrict {
            code: "500197",
            name: "示范三区",
            centre: (29.95, 106.90),
        };
        let main = plan(1);
        let plan = DemoPlan {
            district: other,
            ..main
        };
        // The main district's ids are the seed's.
        assert_eq!(main.elder_id(7), elder_id(1, 7));
        assert_ne!(plan.elder_id(7), elder_id(1, 7));
        let expected = Uuid::new_v5(&DEMO_NAMESPACE, b"tanfang-demo/500197/1/7");
        assert_eq!(plan.elder_id(7).as_str(), expected.to_string());
        let all = areas(&plan);
        assert_eq!((all[0].code.as_str(), all[0].name.as_str()), ("500197", "示范三区"));
        assert!(all.iter().all(|a| a.code.starts_with("500197")));
        let village_names = |p: &DemoPlan| -> Vec<String> { villages(p).into_iter().map(|v| v.name).collect() };
        assert_ne!(
            village_names(&plan),
            village_names(&main),
            "other names from the same seed"
        );
        let villages = villages(&plan);
        let mine: Vec<ElderFileInput> = (0..40).map(|i| elder(&plan, &villages, i, today())).collect();
        for (i, e) in mine.iter().enumerate() {
            assert!(e.id_number.starts_with("500197"), "{}", e.id_number);
            assert!(e.village_code.starts_with("500197"), "{}", e.village_code);
            assert_eq!(check_consistency(e, today()), Ok(()), "elder {i}");
        }
        let main_villages = self::villages(&main);
        let same_names = (0..40)
            .filter(|&i| mine[i].name == elder(&main, &main_villages, i, today()).name)
            .count();
        assert!(
            same_names < 5,
            "other people than the main district's: {same_names} names repeat"
        );
        let numbers: HashSet<&str> = mine.iter().map(|e| e.id_number.as_str()).collect();
        assert_eq!(numbers.len(), 40);
    }

    #[test]
    fn id_numbers_are_unique_across_200000_indices() {
        let mut seen = HashSet::with_capacity(200_000);
        for index in 0..200_000 {
            let number = id_number(5, index, today());
            assert_eq!(number.len(), 18, "{index}");
            assert!(seen.insert(number), "index {index} repeats an id number");
        }
    }

    #[test]
    #[ignore = "slow: runs the full capacity (cargo test -- --ignored)"]
    fn id_numbers_are_unique_up_to_the_capacity() {
        let mut seen = HashSet::with_capacity(ID_NUMBER_CAPACITY);
        for index in 0..ID_NUMBER_CAPACITY {
            assert!(seen.insert(id_number(11, index, today())), "{index}");
        }
    }

    #[test]
    fn the_age_bands_cover_everyone_and_stay_sparse_enough_for_unique_dates() {
        assert_eq!(AGE_BANDS.iter().map(|b| b.2).sum::<u32>(), 1000);
        assert_eq!(AGE_BANDS[0].0, 60);
        assert!(AGE_BANDS.windows(2).all(|w| w[0].1 == w[1].0));
        for (young, old, permille) in AGE_BANDS {
            let days = f64::from(old - young) * 365.0;
            let spacing = days / (DATE_SLOTS as f64 * f64::from(permille) / 1000.0);
            assert!(spacing > 1.5, "band {young}–{old}: slots only {spacing:.2} days apart");
        }
        assert_eq!(gcd(DATE_STRIDE, DATE_SLOTS), 1);
    }

    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }

    #[test]
    fn shares_over_5000_elders_are_realistic() {
        let elders = generate(1, 5000, today());
        let n = elders.len() as f64;
        let share = |f: &dyn Fn(&ElderFileInput) -> bool| elders.iter().filter(|e| f(e)).count() as f64 / n;
        let age = |e: &ElderFileInput| IdNumber::parse(&e.id_number, today()).unwrap().age_on(today());
        let rural: Vec<&ElderFileInput> = elders.iter().filter(|e| e.urban_rural == UrbanRural::Rural).collect();
        let left_behind =
            rural.iter().filter(|e| has(e, Category::RuralLeftBehind)).count() as f64 / rural.len() as f64;

        let bounds: [(&str, f64, f64, f64); 20] = [
            ("living alone", share(&|e| has(e, Category::LivingAlone)), 0.20, 0.40),
            ("empty nest", share(&|e| has(e, Category::EmptyNest)), 0.15, 0.35),
            ("rural left-behind among rural", left_behind, 0.12, 0.30),
            (
                "ability intact",
                share(&|e| e.ability_level == AbilityLevel::Intact),
                0.50,
                0.70,
            ),
            (
                "fully impaired",
                share(&|e| e.ability_level == AbilityLevel::FullyImpaired),
                0.02,
                0.08,
            ),
            ("dementia", share(&|e| e.has_dementia == Some(true)), 0.03, 0.09),
            (
                "serious illness",
                share(&|e| e.has_serious_illness == Some(true)),
                0.05,
                0.11,
            ),
            ("disability", share(&|e| e.disability_grade.is_some()), 0.07, 0.13),
            (
                "special hardship",
                share(&|e| e.economic_status == EconomicStatus::SpecialHardship),
                0.03,
                0.08,
            ),
            (
                "minimum living",
                share(&|e| e.economic_status == EconomicStatus::MinimumLiving),
                0.09,
                0.15,
            ),
            (
                "family planning special",
                share(&|e| has(e, Category::FamilyPlanningSpecial)),
                0.01,
                0.04,
            ),
            (
                "lost only child",
                share(&|e| has(e, Category::LostOnlyChild)),
                0.003,
                0.02,
            ),
            ("refused", share(&|e| e.consent == ConsentStatus::Refused), 0.015, 0.05),
            ("risk assessed", share(&|e| e.risk_level.is_some()), 0.45, 0.55),
            ("elder has a phone", share(&|e| e.phone.is_some()), 0.62, 0.78),
            ("women", share(&|e| e.sex == Some(Sex::Female)), 0.51, 0.60),
            ("aged 60–79", share(&|e| age(e) < 80), 0.65, 0.80),
            ("aged 90+", share(&|e| age(e) >= 90), 0.03, 0.09),
            ("other only", share(&|e| cats(e) == [Category::Other]), 0.05, 0.40),
            ("has family", share(&|e| !members(e).is_empty()), 0.85, 0.99),
        ];
        for (what, value, low, high) in bounds {
            assert!((low..=high).contains(&value), "{what}: {value:.3} not in {low}–{high}");
        }
        let risk: Vec<&ElderFileInput> = elders.iter().filter(|e| e.risk_level.is_some()).collect();
        let high = risk.iter().filter(|e| e.risk_level == Some(RiskLevel::High)).count() as f64 / risk.len() as f64;
        assert!((0.10..=0.20).contains(&high), "high risk {high:.3}");
        // Women outnumber men most among the very old.
        let female_share = |range: std::ops::Range<u32>| {
            let group: Vec<&ElderFileInput> = elders.iter().filter(|e| range.contains(&age(e))).collect();
            group.iter().filter(|e| e.sex == Some(Sex::Female)).count() as f64 / group.len() as f64
        };
        assert!(female_share(90..101) > female_share(60..70));
        // Every village gets elders, and each village's staff contact is one person.
        let mut staff: HashMap<&str, HashSet<&str>> = HashMap::new();
        for e in &elders {
            let last = contacts(e).last().unwrap();
            staff
                .entry(e.village_code.as_str())
                .or_default()
                .insert(last.name.as_str());
        }
        assert_eq!(staff.len(), 30);
        assert!(staff.values().all(|names| names.len() == 1));
    }

    #[test]
    fn names_are_chinese_and_plausible() {
        for e in generate(2, 1000, today()) {
            let chars = e.name.chars().count();
            assert!((2..=3).contains(&chars), "{}", e.name);
            assert!(
                e.name.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}",
                e.name
            );
            for member in members(&e) {
                assert!((2..=3).contains(&member.name.chars().count()), "{}", member.name);
            }
            if let Some(cert) = &e.disability_certificate_no {
                assert_eq!(cert.len(), 20);
                assert!(cert.starts_with(&e.id_number));
            }
        }
    }

    #[test]
    fn villages_lie_near_their_town_and_towns_apart() {
        use crate::domain::planner::plan::{distance_m, GeoPoint};
        let plan = DemoPlan {
            towns: 6,
            villages_per_town: 12,
            ..DemoPlan::with_seed(5)
        };
        let villages: Vec<(String, GeoPoint)> = areas(&plan)
            .into_iter()
            .filter(|a| a.level == AreaLevel::Village)
            .map(|a| {
                let (lat, lon) = a.location.unwrap();
                (a.parent_code.unwrap(), GeoPoint { lat, lon })
            })
            .collect();
        assert_eq!(villages.len(), 72);
        for (town_a, a) in &villages {
            for (town_b, b) in &villages {
                let d = distance_m(*a, *b);
                if town_a == town_b {
                    assert!(d <= 7_100, "same town: {d} m"); // within a 5 km square
                } else {
                    assert!(d >= 2_900, "towns are 8 km apart: {d} m");
                }
            }
        }
    }

    #[test]
    fn areas_form_a_tree_of_extending_codes() {
        for (towns, villages_per_town) in [(3, 10), (1, 1), (7, 4), (5, 60)] {
            let plan = DemoPlan {
                towns,
                villages_per_town,
                ..DemoPlan::with_seed(3)
            };
            let all = areas(&plan);
            assert_eq!(all.len(), 1 + towns + towns * villages_per_town);
            let by_code: HashMap<&str, &DemoArea> = all.iter().map(|a| (a.code.as_str(), a)).collect();
            assert_eq!(by_code.len(), all.len(), "codes are unique");
            assert_eq!(all[0].code, DEMO_DISTRICT_CODE);
            assert_eq!(all[0].name, DEMO_DISTRICT_NAME);
            let mut names_under: HashMap<Option<&str>, HashSet<&str>> = HashMap::new();
            for (position, area) in all.iter().enumerate() {
                assert_eq!(area.code.len(), area.level.code_len(), "{}", area.code);
                assert!(area.code.bytes().all(|b| b.is_ascii_digit()));
                assert!(
                    names_under
                        .entry(area.parent_code.as_deref())
                        .or_default()
                        .insert(&area.name),
                    "name {} repeats under its parent",
                    area.name
                );
                match &area.parent_code {
                    None => assert_eq!(area.level, AreaLevel::District),
                    Some(parent_code) => {
                        let parent = by_code[parent_code.as_str()];
                        assert!(area.code.starts_with(&parent.code));
                        assert_eq!(parent.level.child(), Some(area.level));
                        assert!(all[..position].iter().any(|a| a.code == *parent_code), "parent first");
                    }
                }
                if area.level == AreaLevel::Village {
                    let parent = by_code[area.parent_code.as_deref().unwrap()];
                    assert_eq!(area.urban_rural, parent.urban_rural);
                    match area.urban_rural {
                        Some(UrbanRural::Urban) => {
                            assert!(parent.name.ends_with("街道") && area.name.ends_with("社区"));
                        }
                        _ => assert!(parent.name.ends_with('镇') && area.name.ends_with('村')),
                    }
                }
            }
            if towns >= 2 {
                let town_names: Vec<&str> = all
                    .iter()
                    .filter(|a| a.level == AreaLevel::Town)
                    .map(|a| a.name.as_str())
                    .collect();
                assert!(town_names.iter().any(|n| n.ends_with("街道")));
                assert!(town_names.iter().any(|n| n.ends_with('镇')));
            }
        }
        assert_eq!(areas(&plan(8)), areas(&plan(8)));
        assert_ne!(areas(&plan(8)), areas(&plan(9)));
    }

    #[test]
    fn name_pools_have_no_duplicates() {
        fn distinct(pool: &[&str]) -> bool {
            pool.iter().collect::<HashSet<_>>().len() == pool.len()
        }
        assert!(distinct(&TOWN_STEMS));
        assert!(distinct(&VILLAGE_STEMS));
        assert!(distinct(&COMMUNITY_STEMS));
        assert!(distinct(&SURNAMES.map(|s| s.0)));
    }

    #[test]
    fn an_empty_village_list_still_gives_a_valid_elder() {
        let input = elder(&plan(1), &[], 0, today());
        assert!(ElderFile::parse(&input, today()).is_ok());
    }
}
