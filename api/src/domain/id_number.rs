//! 身份证号 (resident identity number) validation according to GB 11643-1999.
//!
//! An 18-character number is laid out as
//!
//! | positions | meaning                                                    |
//! |-----------|------------------------------------------------------------|
//! | 1–6       | 行政区划代码, the administrative region code                |
//! | 7–14      | 出生日期, the birth date as `YYYYMMDD`                       |
//! | 15–17     | 顺序码, the order code; the 17th digit is odd for men       |
//! | 18        | 校验码, the check character (`0`–`9` or `X`, ISO 7064 MOD 11-2) |
//!
//! [`IdNumber::parse`] checks, in this order: empty input, length (with a
//! dedicated error for the retired 15-digit numbers), characters, the check
//! character, and finally the birth date. The check character is verified
//! before the date so that any single mistyped digit — including one inside
//! the birth date — is reported as a [`IdNumberError::CheckDigit`] error: the
//! check character detects every single-digit error (see [`check_digit`]).
//!
//! The number is personal data: [`IdNumber`]'s `Debug` output only shows the
//! [masked](IdNumber::masked) form, and the type deliberately has no `Display`.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::text_enum;

/// Weights of the first 17 digits: `2^(17 - i) mod 11` for position `i` (0-based).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check character for each value of the weighted sum modulo 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Earliest birth year accepted in an identity number.
const MIN_BIRTH_YEAR: i32 = 1900;

text_enum! {
    /// 性别
    ///
    /// Sex as recorded in the identity number (the 17th digit is odd for
    /// [`Sex::Male`], even for [`Sex::Female`]).
    pub enum Sex {
        Male => ("male", "男"),
        Female => ("female", "女"),
    }
}

/// Why a 身份证号 (identity number) was rejected.
///
/// The `Display` message is written for the clerk entering the number
/// (Chinese first); [`IdNumberError::code`] is a stable machine-readable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    /// Nothing (or only whitespace) was entered.
    #[error("身份证号不能为空")]
    Empty,
    /// A 15-digit number from the first-generation identity cards.
    #[error(
        "15 位旧身份证号不再受理，请使用 18 位身份证号 \
         (15-digit legacy numbers are not accepted; use the 18-digit number)"
    )]
    Legacy15,
    /// The number does not have 18 characters.
    #[error("身份证号应为 18 位，实际为 {len} 位")]
    WrongLength {
        /// Number of characters entered (after trimming surrounding whitespace).
        len: usize,
    },
    /// A character is not allowed at this position: the first 17 must be
    /// digits, the last a digit or `X`.
    #[error("身份证号第 {position} 位字符无效：前 17 位只能是数字，最后一位只能是数字或 X")]
    BadCharacter {
        /// 1-based position of the first offending character.
        position: usize,
    },
    /// The birth date (`YYYYMMDD`) does not exist or is before 1900.
    #[error("身份证号中的出生日期 {date} 无效：日期不存在或早于 1900 年")]
    ImpossibleDate {
        /// The 8 birth-date digits as written in the number.
        date: String,
    },
    /// The birth date lies after today.
    #[error("身份证号中的出生日期晚于今天")]
    BirthDateInFuture,
    /// The check character does not match the first 17 digits, i.e. the
    /// number was most likely mistyped.
    #[error("身份证号校验位错误：应为 {expected}，实际为 {found}")]
    CheckDigit {
        /// The check character computed from the first 17 digits.
        expected: char,
        /// The check character that was entered (normalised to uppercase).
        found: char,
    },
    /// [`IdNumber::from_parts`] was given a region code that is not 6 ASCII digits.
    #[error("行政区划代码应为 6 位数字")]
    BadRegion,
}

impl IdNumberError {
    /// Stable machine-readable error code, e.g. for API clients and tests.
    pub fn code(&self) -> &'static str {
        match self {
            IdNumberError::Empty => "required",
            IdNumberError::Legacy15 => "legacy_15_digit",
            IdNumberError::WrongLength { .. } => "wrong_length",
            IdNumberError::BadCharacter { .. } => "bad_character",
            IdNumberError::ImpossibleDate { .. } => "impossible_birth_date",
            IdNumberError::BirthDateInFuture => "birth_date_in_future",
            IdNumberError::CheckDigit { .. } => "check_digit",
            IdNumberError::BadRegion => "bad_region",
        }
    }
}

/// 身份证号 — an 18-character resident identity number that passed GB 11643 validation.
///
/// The stored form has no surrounding whitespace and always uses an uppercase
/// `X` check character. `Debug` prints only the [masked](IdNumber::masked)
/// form so the number never leaks into logs; use [`IdNumber::as_str`] where
/// the full number is really needed.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

impl IdNumber {
    /// Validates a 身份证号 entered by a user.
    ///
    /// Surrounding whitespace is trimmed and a lowercase `x` check character
    /// is accepted (and stored as `X`). `today` is the date used to reject
    /// birth dates in the future.
    ///
    /// Checks run in this order: [`Empty`](IdNumberError::Empty),
    /// [`Legacy15`](IdNumberError::Legacy15) (15 ASCII digits),
    /// [`WrongLength`](IdNumberError::WrongLength) (length in characters),
    /// [`BadCharacter`](IdNumberError::BadCharacter),
    /// [`CheckDigit`](IdNumberError::CheckDigit),
    /// [`ImpossibleDate`](IdNumberError::ImpossibleDate),
    /// [`BirthDateInFuture`](IdNumberError::BirthDateInFuture).
    pub fn parse(input: &str, today: NaiveDate) -> Result<IdNumber, IdNumberError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(IdNumberError::Empty);
        }
        let len = s.chars().count();
        if len == 15 && s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdNumberError::Legacy15);
        }
        if len != 18 {
            return Err(IdNumberError::WrongLength { len });
        }

        let mut chars = s.chars();
        let mut first17 = [0u8; 17];
        for (position, slot) in (1..).zip(first17.iter_mut()) {
            match chars.next() {
                Some(c) if c.is_ascii_digit() => *slot = c as u8,
                _ => return Err(IdNumberError::BadCharacter { position }),
            }
        }
        let found = match chars.next() {
            Some(c @ '0'..='9') => c,
            Some('x' | 'X') => 'X',
            _ => return Err(IdNumberError::BadCharacter { position: 18 }),
        };

        let expected = check_digit(&first17);
        if expected != found {
            return Err(IdNumberError::CheckDigit { expected, found });
        }

        let date_digits = &first17[6..14];
        let birth = date_from_digits(date_digits).ok_or_else(|| IdNumberError::ImpossibleDate {
            date: date_digits.iter().map(|&b| char::from(b)).collect(),
        })?;
        if birth > today {
            return Err(IdNumberError::BirthDateInFuture);
        }

        let mut number: String = first17.iter().map(|&b| char::from(b)).collect();
        number.push(found);
        Ok(IdNumber(number))
    }

    /// Builds a valid number from its parts, computing the check character.
    /// Used by the synthetic demo data generator.
    ///
    /// `sequence` is the 3-digit order code (顺序码); values above 999 are
    /// taken modulo 1000. Its parity decides the sex, so when it does not
    /// match `sex` its last bit is flipped (e.g. `122` becomes `123` for a
    /// man, `999` becomes `998` for a woman); the result always stays in
    /// `0..=999`.
    ///
    /// Returns [`IdNumberError::BadRegion`] if `region` is not 6 ASCII
    /// digits, [`IdNumberError::ImpossibleDate`] for a birth year before
    /// 1900 and [`IdNumberError::BirthDateInFuture`] for a birth date after
    /// today in China (UTC+8). Never panics. See
    /// [`IdNumber::from_parts_as_of`] for a deterministic variant.
    /// (Tests only: the server passes its own clock's date to [`IdNumber::from_parts_as_of`].)
    #[cfg(test)]
    pub fn from_parts(region: &str, birth: NaiveDate, sequence: u16, sex: Sex) -> Result<IdNumber, IdNumberError> {
        Self::from_parts_as_of(region, birth, sequence, sex, today_in_china())
    }

    /// Like `IdNumber::from_parts`, but with an explicit `today` for the
    /// birth-date-in-future check (reproducible demo data and tests).
    pub fn from_parts_as_of(
        region: &str,
        birth: NaiveDate,
        sequence: u16,
        sex: Sex,
        today: NaiveDate,
    ) -> Result<IdNumber, IdNumberError> {
        if region.len() != 6 || !region.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdNumberError::BadRegion);
        }
        if !(MIN_BIRTH_YEAR..=9999).contains(&birth.year()) {
            return Err(IdNumberError::ImpossibleDate {
                date: format!("{:04}{:02}{:02}", birth.year(), birth.month(), birth.day()),
            });
        }
        if birth > today {
            return Err(IdNumberError::BirthDateInFuture);
        }

        let mut sequence = sequence % 1000;
        let wants_odd = sex == Sex::Male;
        if (sequence % 2 == 1) != wants_odd {
            sequence ^= 1;
        }

        let body = format!(
            "{region}{:04}{:02}{:02}{sequence:03}",
            birth.year(),
            birth.month(),
            birth.day()
        );
        let mut first17 = [0u8; 17];
        for (slot, b) in first17.iter_mut().zip(body.bytes()) {
            *slot = b;
        }
        let mut number = body;
        number.push(check_digit(&first17));
        // Re-validate so that the result satisfies exactly the same rules as
        // user input.
        Self::parse(&number, today)
    }

    /// The full number (18 characters, uppercase `X`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 行政区划代码 — the region code, i.e. the first 6 digits.
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }

    /// 出生日期 — the birth date encoded in digits 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        // The date was validated on construction, so the fallback is unreachable.
        self.0
            .as_bytes()
            .get(6..14)
            .and_then(date_from_digits)
            .unwrap_or(NaiveDate::MIN)
    }

    /// 性别 — the sex encoded in the 17th digit (odd = male).
    #[expect(
        clippy::indexing_slicing,
        reason = "the number holds 18 ASCII characters, checked by parse, through which every IdNumber is made"
    )]
    pub fn sex(&self) -> Sex {
        if self.0.as_bytes()[16] % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The number with the birth date and order code hidden: first 6
    /// characters, 8 stars, last 4 characters, e.g. `"500112********123X"`.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }

    /// 周岁 — age in completed years on `day` (0 if `day` is before the birth date).
    ///
    /// The age increases on the birthday itself. Someone born on 29 February
    /// becomes a year older on 1 March in non-leap years.
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        let birth = self.birth_date();
        let mut years = day.year() - birth.year();
        if (day.month(), day.day()) < (birth.month(), birth.day()) {
            years -= 1;
        }
        u32::try_from(years).unwrap_or(0)
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdNumber").field(&self.masked()).finish()
    }
}

/// Computes the GB 11643 check character (ISO 7064 MOD 11-2) for the first 17
/// digits of an identity number.
///
/// Each byte may be an ASCII digit (`b'0'..=b'9'`, so
/// `check_digit(b"11010519491231002")` works) or a digit value `0..=9`. Other
/// bytes give a meaningless result but never panic.
///
/// The digits are weighted with `7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2`; the sum
/// modulo 11 indexes into `"10X98765432"`. All weights are non-zero modulo the
/// prime 11, so changing any single digit always changes the check character.
#[expect(clippy::indexing_slicing, reason = "sum % 11 is below 11, the length of CHECK_CHARS")]
pub fn check_digit(first17: &[u8; 17]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(&b, w)| {
            let digit = if b <= 9 { b } else { b.wrapping_sub(b'0') };
            u32::from(digit) * w
        })
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Parses 8 ASCII digits `YYYYMMDD`; `None` if the date does not exist or is
/// before 1900.
fn date_from_digits(digits: &[u8]) -> Option<NaiveDate> {
    if digits.len() != 8 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        digits
            .get(range)
            .map(|d| d.iter().fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0')))
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    if year < MIN_BIRTH_YEAR {
        return None;
    }
    NaiveDate::from_ymd_opt(year, number(4..6)?, number(6..8)?)
}

/// Today's date in China Standard Time (UTC+8, no daylight saving time),
/// independent of the server's time zone. (Tests only.)
#[cfg(test)]
#[allow(clippy::disallowed_methods)]
fn today_in_china() -> NaiveDate {
    (chrono::Utc::now().naive_utc() + chrono::TimeDelta::hours(8)).date()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use proptest::prelude::*;

    /// The well-known sample number from the standard's examples.
    const SAMPLE: &str = "11010519491231002X";

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        date(2025, 6, 1)
    }

    /// Independent verification (ISO 7064 MOD 11-2 in its original form): with
    /// `X` = 10, the sum of `a_i * 2^(18 - i)` over all 18 characters
    /// (1-based `i`) must be 1 modulo 11. This uses neither `WEIGHTS` nor
    /// `CHECK_CHARS`.
    fn iso7064_valid(number: &str) -> bool {
        assert_eq!(number.len(), 18);
        let mut sum = 0u64;
        for (i, c) in number.chars().enumerate() {
            let value = if c == 'X' {
                10
            } else {
                u64::from(c.to_digit(10).unwrap())
            };
            sum += value * 2u64.pow(17 - i as u32);
        }
        sum % 11 == 1
    }

    /// Appends the correct check character to 17 digits.
    fn with_check(first17: &str) -> String {
        let bytes: [u8; 17] = first17.as_bytes().try_into().unwrap();
        format!("{first17}{}", check_digit(&bytes))
    }

    #[test]
    fn sample_number_is_valid_and_female() {
        // Hand computation with the GB 11643 weights:
        //   1*7 + 1*9 + 0*10 + 1*5 + 0*8 + 5*4 + 1*2 + 9*1 + 4*6 + 9*3
        // + 1*7 + 2*9 + 3*10 + 1*5 + 0*8 + 0*4 + 2*2 = 167
        // 167 mod 11 = 2, and "10X98765432"[2] = 'X'.
        let sum = 7 + 9 + 5 + 5 * 4 + 2 + 9 + 4 * 6 + 9 * 3 + 7 + 2 * 9 + 3 * 10 + 5 + 2 * 2;
        assert_eq!(sum, 167);
        assert_eq!(sum % 11, 2);
        assert!(iso7064_valid(SAMPLE));

        let id = IdNumber::parse(SAMPLE, today()).unwrap();
        assert_eq!(id.as_str(), SAMPLE);
        assert_eq!(id.region_code(), "110105");
        assert_eq!(id.birth_date(), date(1949, 12, 31));
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(check_digit(b"11010519491231002"), 'X');
    }

    #[test]
    fn check_digit_accepts_ascii_digits_and_digit_values() {
        let values = [1, 1, 0, 1, 0, 5, 1, 9, 4, 9, 1, 2, 3, 1, 0, 0, 2];
        assert_eq!(check_digit(&values), 'X');
        assert_eq!(check_digit(b"11010519491231002"), 'X');
        // Garbage never panics.
        let _ = check_digit(&[0xff; 17]);
    }

    #[test]
    fn more_valid_numbers() {
        // (number, region, birth date, sex); each verified independently.
        let cases = [
            ("50011219380128123X", "500112", date(1938, 1, 28), Sex::Male),
            ("510107194002290039", "510107", date(1940, 2, 29), Sex::Male),
            ("440306198507041235", "440306", date(1985, 7, 4), Sex::Male),
            ("310115200002294567", "310115", date(2000, 2, 29), Sex::Female),
            ("650102199001010017", "650102", date(1990, 1, 1), Sex::Male),
        ];
        for (number, region, birth, sex) in cases {
            assert!(iso7064_valid(number), "{number}");
            let id = IdNumber::parse(number, today()).unwrap();
            assert_eq!(id.as_str(), number);
            assert_eq!(id.region_code(), region);
            assert_eq!(id.birth_date(), birth);
            assert_eq!(id.sex(), sex);
        }
        // Hand computation for the X example 50011219380128123:
        // 5*7+0*9+0*10+1*5+1*8+2*4+1*2+9*1+3*6+8*3+0*7+1*9+2*10+8*5+1*8+2*4+3*2
        // = 35+5+8+8+2+9+18+24+9+20+40+8+8+6 = 200; 200 mod 11 = 2 -> 'X'.
        assert_eq!(200 % 11, 2);
        assert_eq!(check_digit(b"50011219380128123"), 'X');
    }

    #[test]
    fn lowercase_x_is_accepted_and_normalised() {
        let id = IdNumber::parse("11010519491231002x", today()).unwrap();
        assert_eq!(id.as_str(), SAMPLE);
        assert_eq!(id, IdNumber::parse(SAMPLE, today()).unwrap());
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        for input in [
            " 11010519491231002X ",
            "\t11010519491231002X\n",
            "\u{3000}11010519491231002X\u{3000}",
        ] {
            assert_eq!(IdNumber::parse(input, today()).unwrap().as_str(), SAMPLE);
        }
    }

    #[test]
    fn wrong_check_digit_reports_expected_and_found() {
        assert_eq!(
            IdNumber::parse("110105194912310021", today()),
            Err(IdNumberError::CheckDigit {
                expected: 'X',
                found: '1'
            })
        );
        assert_eq!(
            IdNumber::parse("44030619850704123x", today()),
            Err(IdNumberError::CheckDigit {
                expected: '5',
                found: 'X'
            })
        );
        let err = IdNumber::parse("110105194912310021", today()).unwrap_err();
        assert_eq!(err.code(), "check_digit");
        assert_eq!(err.to_string(), "身份证号校验位错误：应为 X，实际为 1");
    }

    #[test]
    fn every_single_digit_change_of_the_sample_is_detected() {
        for position in 0..17 {
            for digit in b'0'..=b'9' {
                let mut bytes = SAMPLE.as_bytes().to_vec();
                if bytes[position] == digit {
                    continue;
                }
                bytes[position] = digit;
                let mutated = String::from_utf8(bytes).unwrap();
                assert!(
                    matches!(
                        IdNumber::parse(&mutated, today()),
                        Err(IdNumberError::CheckDigit { found: 'X', .. })
                    ),
                    "{mutated}"
                );
            }
        }
    }

    #[test]
    fn impossible_dates_are_rejected() {
        // Check characters are correct, so only the date is wrong.
        for (body, date_digits) in [
            ("11010519990231002", "19990231"), // 31 February
            ("11010519990230002", "19990230"), // 30 February
            ("11010519991301002", "19991301"), // month 13
            ("11010519990001002", "19990001"), // month 00
            ("11010519990100002", "19990100"), // day 00
            ("11010519990431002", "19990431"), // 31 April
            ("11010519000229002", "19000229"), // 1900 is not a leap year
            ("11010518991231002", "18991231"), // before 1900
            ("11010500000101002", "00000101"), // year 0
        ] {
            let number = with_check(body);
            let err = IdNumber::parse(&number, today()).unwrap_err();
            assert_eq!(
                err,
                IdNumberError::ImpossibleDate {
                    date: date_digits.to_string()
                },
                "{number}"
            );
            assert_eq!(err.code(), "impossible_birth_date");
        }
    }

    #[test]
    fn leap_day_2000_and_1904_are_accepted() {
        let id = IdNumber::parse(&with_check("11010520000229002"), today()).unwrap();
        assert_eq!(id.birth_date(), date(2000, 2, 29));
        let id = IdNumber::parse(&with_check("11010519040229002"), today()).unwrap();
        assert_eq!(id.birth_date(), date(1904, 2, 29));
        let id = IdNumber::parse(&with_check("11010519000101002"), today()).unwrap();
        assert_eq!(id.birth_date(), date(1900, 1, 1));
    }

    #[test]
    fn future_birth_date_is_rejected() {
        let number = with_check("11010520250602002");
        assert_eq!(IdNumber::parse(&number, today()), Err(IdNumberError::BirthDateInFuture));
        assert_eq!(IdNumberError::BirthDateInFuture.code(), "birth_date_in_future");
        // Born today is fine.
        let number = with_check("11010520250601002");
        assert_eq!(IdNumber::parse(&number, today()).unwrap().birth_date(), today());
    }

    #[test]
    fn legacy_15_digit_numbers_are_rejected() {
        let err = IdNumber::parse("110105491231002", today()).unwrap_err();
        assert_eq!(err, IdNumberError::Legacy15);
        assert_eq!(err.code(), "legacy_15_digit");
        assert!(err.to_string().starts_with("15 位旧身份证号不再受理"));
        // 15 characters that are not all digits are just the wrong length.
        assert_eq!(
            IdNumber::parse("11010549123100X", today()),
            Err(IdNumberError::WrongLength { len: 15 })
        );
    }

    #[test]
    fn wrong_lengths_are_rejected() {
        for (input, len) in [
            ("1", 1),
            ("11010519491231002", 17),
            ("11010519491231002X1", 19),
            ("1101051949123100", 16),
            // Counted in characters, not bytes.
            ("一二三", 3),
        ] {
            let err = IdNumber::parse(input, today()).unwrap_err();
            assert_eq!(err, IdNumberError::WrongLength { len }, "{input}");
            assert_eq!(err.code(), "wrong_length");
        }
        assert_eq!(
            IdNumber::parse("11010519491231002", today()).unwrap_err().to_string(),
            "身份证号应为 18 位，实际为 17 位"
        );
    }

    #[test]
    fn empty_input_is_required() {
        for input in ["", "   ", "\u{3000}"] {
            let err = IdNumber::parse(input, today()).unwrap_err();
            assert_eq!(err, IdNumberError::Empty);
            assert_eq!(err.code(), "required");
            assert_eq!(err.to_string(), "身份证号不能为空");
        }
    }

    #[test]
    fn bad_characters_report_their_position() {
        for (input, position) in [
            ("1101051949A231002X", 11),
            ("X1010519491231002X", 1),
            ("11010519491231002Y", 18),
            ("1101051949123100XX", 17),
            ("110105 1949123100X", 7),
            ("11010519491231002-", 18),
            // Full-width digit: 18 characters, but not an ASCII digit.
            ("１1010519491231002X", 1),
        ] {
            let err = IdNumber::parse(input, today()).unwrap_err();
            assert_eq!(err, IdNumberError::BadCharacter { position }, "{input}");
            assert_eq!(err.code(), "bad_character");
        }
    }

    #[test]
    fn masking_hides_birth_date_and_order_code() {
        let id = IdNumber::parse(SAMPLE, today()).unwrap();
        assert_eq!(id.masked(), "110105********002X");
        let id = IdNumber::parse("50011219380128123X", today()).unwrap();
        assert_eq!(id.masked(), "500112********123X");
    }

    #[test]
    fn debug_prints_only_the_masked_form() {
        let id = IdNumber::parse(SAMPLE, today()).unwrap();
        let debug = format!("{id:?}");
        assert_eq!(debug, "IdNumber(\"110105********002X\")");
        assert!(!debug.contains(SAMPLE));
        assert!(!debug.contains("19491231"));
        let nested = format!("{:#?}", Some(vec![id]));
        assert!(!nested.contains(SAMPLE));
        assert!(!nested.contains("19491231"));
    }

    #[test]
    fn age_on_and_around_birthdays() {
        let id = IdNumber::parse(SAMPLE, today()).unwrap(); // born 1949-12-31
        assert_eq!(id.age_on(date(1949, 12, 30)), 0); // before birth
        assert_eq!(id.age_on(date(1949, 12, 31)), 0);
        assert_eq!(id.age_on(date(1950, 12, 30)), 0);
        assert_eq!(id.age_on(date(1950, 12, 31)), 1);
        assert_eq!(id.age_on(date(2024, 12, 30)), 74);
        assert_eq!(id.age_on(date(2024, 12, 31)), 75);
        assert_eq!(id.age_on(date(2025, 1, 1)), 75);

        let leap = IdNumber::parse("510107194002290039", today()).unwrap(); // born 1940-02-29
        assert_eq!(leap.age_on(date(1941, 2, 28)), 0);
        assert_eq!(leap.age_on(date(1941, 3, 1)), 1);
        assert_eq!(leap.age_on(date(2023, 2, 28)), 82);
        assert_eq!(leap.age_on(date(2023, 3, 1)), 83);
        assert_eq!(leap.age_on(date(2024, 2, 28)), 83);
        assert_eq!(leap.age_on(date(2024, 2, 29)), 84);
        assert_eq!(leap.age_on(date(2024, 3, 1)), 84);
    }

    #[test]
    fn sex_codes_and_labels() {
        for sex in [Sex::Male, Sex::Female] {
            assert_eq!(Sex::parse_code(sex.as_str()), Some(sex));
        }
        assert_eq!(Sex::Male.as_str(), "male");
        assert_eq!(Sex::Female.as_str(), "female");
        assert_eq!(Sex::Male.label_zh(), "男");
        assert_eq!(Sex::Female.label_zh(), "女");
        assert_eq!(Sex::parse_code("Male"), None);
        assert_eq!(Sex::parse_code(""), None);
    }

    #[test]
    fn from_parts_builds_valid_numbers() {
        let id = IdNumber::from_parts("110105", date(1949, 12, 31), 2, Sex::Female).unwrap();
        assert_eq!(id.as_str(), SAMPLE);

        // Sequence parity is adjusted to the requested sex.
        let id = IdNumber::from_parts("110105", date(1949, 12, 31), 2, Sex::Male).unwrap();
        assert_eq!(&id.as_str()[14..17], "003");
        assert_eq!(id.sex(), Sex::Male);
        let id = IdNumber::from_parts("110105", date(1949, 12, 31), 0, Sex::Male).unwrap();
        assert_eq!(&id.as_str()[14..17], "001");
        let id = IdNumber::from_parts("110105", date(1949, 12, 31), 999, Sex::Female).unwrap();
        assert_eq!(&id.as_str()[14..17], "998");
        let id = IdNumber::from_parts("110105", date(1949, 12, 31), 999, Sex::Male).unwrap();
        assert_eq!(&id.as_str()[14..17], "999");
        // Out-of-range sequences wrap instead of panicking.
        let id = IdNumber::from_parts("110105", date(1949, 12, 31), u16::MAX, Sex::Male).unwrap();
        assert_eq!(&id.as_str()[14..17], "535");
        assert!(iso7064_valid(id.as_str()));
    }

    #[test]
    fn from_parts_rejects_bad_input() {
        let birth = date(1949, 12, 31);
        for region in ["", "11010", "1101050", "11010a", "１１０１０５", "-11010"] {
            let err = IdNumber::from_parts(region, birth, 1, Sex::Male).unwrap_err();
            assert_eq!(err, IdNumberError::BadRegion, "{region:?}");
            assert_eq!(err.code(), "bad_region");
        }
        assert_eq!(
            IdNumber::from_parts("110105", date(1899, 12, 31), 1, Sex::Male),
            Err(IdNumberError::ImpossibleDate {
                date: "18991231".to_string()
            })
        );
        assert_eq!(
            IdNumber::from_parts("110105", NaiveDate::MAX, 1, Sex::Male).map(|_| ()),
            Err(IdNumberError::ImpossibleDate {
                date: format!(
                    "{:04}{:02}{:02}",
                    NaiveDate::MAX.year(),
                    NaiveDate::MAX.month(),
                    NaiveDate::MAX.day()
                )
            })
        );
        assert!(matches!(
            IdNumber::from_parts("110105", NaiveDate::MIN, 1, Sex::Male),
            Err(IdNumberError::ImpossibleDate { .. })
        ));
        assert_eq!(
            IdNumber::from_parts("110105", date(3000, 1, 1), 1, Sex::Male),
            Err(IdNumberError::BirthDateInFuture)
        );
        assert_eq!(
            IdNumber::from_parts_as_of("110105", date(2025, 6, 2), 1, Sex::Male, today()),
            Err(IdNumberError::BirthDateInFuture)
        );
        assert!(IdNumber::from_parts_as_of("110105", date(2025, 6, 1), 1, Sex::Male, today()).is_ok());
    }

    #[test]
    fn error_messages_are_chinese_first() {
        let errors = [
            IdNumberError::Empty,
            IdNumberError::Legacy15,
            IdNumberError::WrongLength { len: 17 },
            IdNumberError::BadCharacter { position: 3 },
            IdNumberError::ImpossibleDate {
                date: "19990231".to_string(),
            },
            IdNumberError::BirthDateInFuture,
            IdNumberError::CheckDigit {
                expected: 'X',
                found: '1',
            },
            IdNumberError::BadRegion,
        ];
        for err in errors {
            let message = err.to_string();
            assert!(
                message.starts_with("身份证号") || message.starts_with("15 位") || message.starts_with("行政区划"),
                "{message}"
            );
            assert!(!err.code().is_empty());
        }
        assert_eq!(
            IdNumberError::BadCharacter { position: 3 }.to_string(),
            "身份证号第 3 位字符无效：前 17 位只能是数字，最后一位只能是数字或 X"
        );
        assert_eq!(
            IdNumberError::ImpossibleDate {
                date: "19990231".to_string()
            }
            .to_string(),
            "身份证号中的出生日期 19990231 无效：日期不存在或早于 1900 年"
        );
    }

    /// Days from 1900-01-01 up to today in China, for the date strategy.
    fn days_until_today() -> i64 {
        (today_in_china() - date(1900, 1, 1)).num_days()
    }

    fn id_parts() -> impl Strategy<Value = (String, NaiveDate, u16, Sex)> {
        (
            100_000u32..=999_999,
            0..=days_until_today(),
            0u16..=999,
            prop_oneof![Just(Sex::Male), Just(Sex::Female)],
        )
            .prop_map(|(region, days, sequence, sex)| {
                (
                    region.to_string(),
                    date(1900, 1, 1) + chrono::TimeDelta::days(days),
                    sequence,
                    sex,
                )
            })
    }

    proptest! {
        /// (a) from_parts -> as_str -> parse round-trips.
        #[test]
        fn prop_from_parts_round_trips((region, birth, sequence, sex) in id_parts()) {
            let today = today_in_china();
            let id = IdNumber::from_parts(&region, birth, sequence, sex).unwrap();
            prop_assert!(iso7064_valid(id.as_str()));
            let parsed = IdNumber::parse(id.as_str(), today).unwrap();
            prop_assert_eq!(&parsed, &id);
            prop_assert_eq!(parsed.region_code(), region.as_str());
            prop_assert_eq!(parsed.birth_date(), birth);
            prop_assert_eq!(parsed.sex(), sex);
            // Lowercase x and whitespace parse to the same value.
            let sloppy = format!("  {}\t", id.as_str().to_lowercase());
            prop_assert_eq!(IdNumber::parse(&sloppy, today).unwrap(), id);
        }

        /// Arbitrary input never panics, and whatever is accepted is
        /// normalised and valid.
        #[test]
        fn prop_parse_never_panics(input in "\\PC{0,20}|[0-9xX \\-]{15,19}") {
            if let Ok(id) = IdNumber::parse(&input, date(2025, 6, 1)) {
                prop_assert!(iso7064_valid(id.as_str()));
                prop_assert_eq!(id.as_str(), input.trim().to_uppercase());
            }
        }

        /// (b) Changing any single one of the first 17 digits to a different
        /// digit is detected by the check character. This holds for every
        /// position: the weights 2^(17-i) mod 11 are all non-zero modulo the
        /// prime 11 and a digit changes by at most ±9, so the weighted sum
        /// always changes modulo 11, and the table "10X98765432" maps distinct
        /// residues to distinct characters. Because `parse` verifies the
        /// check character before the birth date, the error is `CheckDigit`
        /// even when the change also produces an impossible or future date.
        #[test]
        fn prop_single_digit_errors_are_detected(
            (region, birth, sequence, sex) in id_parts(),
            position in 0usize..17,
            delta in 1u8..=9,
        ) {
            let id = IdNumber::from_parts(&region, birth, sequence, sex).unwrap();
            let mut bytes: Vec<u8> = id.as_str().bytes().collect();
            let original_check = char::from(bytes[17]);
            bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
            let mutated = String::from_utf8(bytes.clone()).unwrap();
            let first17: [u8; 17] = bytes[..17].try_into().unwrap();
            let expected = check_digit(&first17);
            prop_assert_ne!(expected, original_check);
            prop_assert_eq!(
                IdNumber::parse(&mutated, today_in_china()),
                Err(IdNumberError::CheckDigit { expected, found: original_check })
            );
        }
    }
}
