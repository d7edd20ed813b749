//! 联系电话 (contact phone number) validation for mainland China.
//!
//! Two kinds of numbers are accepted:
//!
//! * 手机号 (mobile): 11 digits starting with `13`–`19`. Spaces and hyphens
//!   are ignored and a leading `+86`, `0086` or `86` country code is dropped.
//!   Stored as the 11 digits, e.g. `"13812345678"`.
//! * 座机 (landline): `0` + a 2–3 digit area code (区号) + a 7–8 digit local
//!   number that does not start with `0`, optionally followed by an
//!   extension (分机, up to 6 digits) written `-123` or `转123`. The area code
//!   may be separated by a hyphen or parentheses (`028-12345678`,
//!   `(028)12345678`) or not at all (`02812345678`); whitespace is ignored.
//!   Without an explicit separator the area code length follows the national
//!   numbering plan: `010` and `020`–`029` have 2 digits after the `0`, all
//!   others 3. An explicit area code must follow the same rule, so
//!   `0281-2345678` is rejected. Stored as `"028-12345678"`, with an
//!   extension as `"028-12345678-123"`.
//!
//! The number is personal data: [`PhoneNumber`]'s `Debug` output only shows
//! the [masked](PhoneNumber::masked) form, and the type deliberately has no
//! `Display`.

use std::fmt;

/// Longest accepted extension (分机号), in digits.
const MAX_EXTENSION_DIGITS: usize = 6;

/// Why a 联系电话 (contact phone number) was rejected.
///
/// The `Display` message is written for the clerk entering the number
/// (Chinese first); [`PhoneError::code`] is a stable machine-readable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Nothing (or only whitespace) was entered.
    #[error("电话号码不能为空")]
    Empty,
    /// The input is neither a mobile nor a landline number with area code.
    #[error("不是有效的电话号码：手机号为 11 位数字（1 开头），座机需带区号，如 028-12345678")]
    NotAPhoneNumber,
}

impl PhoneError {
    /// Stable machine-readable error code, e.g. for API clients and tests.
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::Empty => "required",
            PhoneError::NotAPhoneNumber => "not_a_phone_number",
        }
    }
}

/// 联系电话 — a Chinese mobile number (11 digits, starts 1[3-9]) or a landline
/// with area code (0 + 2–3 digit area code + 7–8 digit number, optional
/// hyphen, optional extension "-123" / "转123").
///
/// Stored normalised: a mobile as its 11 digits (`"13812345678"`), a landline
/// as `"028-12345678"` or, with an extension, `"028-12345678-123"`. `Debug`
/// prints only the [masked](PhoneNumber::masked) form.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Validates and normalises a phone number entered by a user.
    ///
    /// Surrounding whitespace is trimmed. Mobile numbers may contain spaces
    /// and hyphens and may start with `+86`, `0086` or `86`. See the
    /// [module documentation](self) for the accepted landline formats.
    pub fn parse(input: &str) -> Result<PhoneNumber, PhoneError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(PhoneError::Empty);
        }
        parse_mobile(s)
            .or_else(|| parse_landline(s))
            .map(PhoneNumber)
            .ok_or(PhoneError::NotAPhoneNumber)
    }

    /// The normalised number, e.g. `"13812345678"` or `"028-12345678"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with its middle hidden, for display and logs.
    ///
    /// Mobile: first 3 and last 4 digits, `"138****5678"`. Landline: area
    /// code, `"-****"` and the last 4 digits of the local number,
    /// `"028-****5678"`; an extension is left out.
    pub fn masked(&self) -> String {
        if self.is_mobile() {
            let digits = &self.0;
            return format!("{}****{}", &digits[..3], &digits[digits.len() - 4..]);
        }
        let mut parts = self.0.split('-');
        let area = parts.next().unwrap_or_default();
        let local = parts.next().unwrap_or_default();
        let last4 = local.get(local.len().saturating_sub(4)..).unwrap_or_default();
        format!("{area}-****{last4}")
    }

    /// `true` for a 手机号 (mobile number), `false` for a 座机 (landline).
    pub fn is_mobile(&self) -> bool {
        !self.0.starts_with('0')
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PhoneNumber").field(&self.masked()).finish()
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Returns the 11 mobile digits, or `None` if `s` is not a mobile number.
fn parse_mobile(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|&c| !c.is_whitespace() && c != '-').collect();
    let digits = if let Some(rest) = compact.strip_prefix("+86") {
        rest
    } else if let Some(rest) = compact.strip_prefix("0086") {
        rest
    } else if compact.len() == 13 {
        compact.strip_prefix("86").unwrap_or(&compact)
    } else {
        &compact
    };
    let bytes = digits.as_bytes();
    let is_mobile = bytes.len() == 11 && all_digits(digits) && matches!(bytes, [b'1', b'3'..=b'9', ..]);
    is_mobile.then(|| digits.to_string())
}

/// Number of digits (including the leading `0`) of the area code that
/// `digits` starts with: 3 for `010` and `020`–`029`, otherwise 4.
fn area_code_len(digits: &str) -> usize {
    match digits.as_bytes().get(1) {
        Some(b'1' | b'2') => 3,
        _ => 4,
    }
}

/// Splits a landline written without separator into area code and local number.
fn split_area_code(digits: &str) -> Option<(&str, &str)> {
    let len = area_code_len(digits);
    Some((digits.get(..len)?, digits.get(len..)?))
}

/// Returns the normalised landline `"0xx-xxxxxxxx[-ext]"`, or `None`.
fn parse_landline(s: &str) -> Option<String> {
    let (main, zhuan_extension) = match s.split_once('转') {
        Some((main, extension)) => (main, Some(extension)),
        None => (s, None),
    };
    // Whitespace is ignored: "028 1234 5678" is split by the area-code rule.
    let mut main: String = main.chars().filter(|c| !c.is_whitespace()).collect();
    // "(028)12345678" and "（028）12345678": the closing parenthesis ends the area code.
    if let Some(rest) = main.strip_prefix(['(', '（']) {
        let (area, local) = rest.split_once([')', '）'])?;
        main = format!("{area}-{local}");
    }

    let groups: Vec<&str> = main.split('-').collect();
    let (area, local, dash_extension) = match groups.as_slice() {
        [all] => {
            let (area, local) = split_area_code(all)?;
            (area, local, None)
        }
        [area, local] if area.len() <= 4 => (*area, *local, None),
        [all, extension] => {
            let (area, local) = split_area_code(all)?;
            (area, local, Some(*extension))
        }
        [area, local, extension] => (*area, *local, Some(*extension)),
        _ => return None,
    };

    let valid_area = all_digits(area) && area.starts_with('0') && area.len() == area_code_len(area);
    let valid_local = all_digits(local) && (7..=8).contains(&local.len()) && !local.starts_with('0');
    if !valid_area || !valid_local {
        return None;
    }

    let extension = match (zhuan_extension, dash_extension) {
        (Some(_), Some(_)) => return None,
        (Some(extension), None) => Some(extension.trim()),
        (None, extension) => extension,
    };
    match extension {
        None => Some(format!("{area}-{local}")),
        Some(extension) if all_digits(extension) && extension.len() <= MAX_EXTENSION_DIGITS => {
            Some(format!("{area}-{local}-{extension}"))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use proptest::prelude::*;

    fn parsed(input: &str) -> String {
        PhoneNumber::parse(input).unwrap().as_str().to_string()
    }

    #[test]
    fn mobile_numbers_are_normalised() {
        for input in [
            "13812345678",
            "  13812345678\t",
            "138 1234 5678",
            "138-1234-5678",
            "+8613812345678",
            "+86 138 1234 5678",
            "+86-138-1234-5678",
            "8613812345678",
            "86 138 1234 5678",
            "008613812345678",
            "\u{3000}138 1234 5678\u{3000}",
        ] {
            let phone = PhoneNumber::parse(input).unwrap();
            assert_eq!(phone.as_str(), "13812345678", "{input:?}");
            assert!(phone.is_mobile());
        }
    }

    #[test]
    fn all_mobile_prefixes_13_to_19_are_accepted() {
        for second in 3..=9 {
            let input = format!("1{second}012345678");
            assert_eq!(parsed(&input), input);
        }
    }

    #[test]
    fn landlines_are_normalised() {
        for (input, expected) in [
            ("028-12345678", "028-12345678"),
            ("02812345678", "028-12345678"),
            ("028 12345678", "028-12345678"),
            ("028 1234 5678", "028-12345678"),
            ("(028)12345678", "028-12345678"),
            ("(028) 1234 5678", "028-12345678"),
            ("（028）12345678", "028-12345678"),
            ("010-12345678", "010-12345678"),
            ("01012345678", "010-12345678"),
            ("0755-12345678", "0755-12345678"),
            ("075512345678", "0755-12345678"),
            ("0755 12345678", "0755-12345678"),
            ("0831-1234567", "0831-1234567"),
            ("08311234567", "0831-1234567"),
            ("028-12345678-123", "028-12345678-123"),
            ("02812345678-123", "028-12345678-123"),
            ("028-12345678转123", "028-12345678-123"),
            ("028-12345678 转 123", "028-12345678-123"),
            ("02812345678转123", "028-12345678-123"),
            ("  0755-1234567-8  ", "0755-1234567-8"),
        ] {
            let phone = PhoneNumber::parse(input).unwrap();
            assert_eq!(phone.as_str(), expected, "{input:?}");
            assert!(!phone.is_mobile());
            // The stored form parses back to itself.
            assert_eq!(PhoneNumber::parse(phone.as_str()).unwrap(), phone);
        }
    }

    #[test]
    fn empty_input_is_required() {
        for input in ["", "  ", "\t\u{3000}"] {
            let err = PhoneNumber::parse(input).unwrap_err();
            assert_eq!(err, PhoneError::Empty);
            assert_eq!(err.code(), "required");
            assert_eq!(err.to_string(), "电话号码不能为空");
        }
    }

    #[test]
    fn bad_numbers_are_rejected() {
        for input in [
            "1381234567",           // too short (10 digits)
            "138",                  // too short
            "138123456789",         // 12-digit mobile
            "+86138123456789",      // 12-digit mobile after +86
            "12812345678",          // mobile starting 12
            "10012345678",          // mobile starting 10
            "+8612812345678",       // +86 with a non-mobile
            "1381234567a",          // letter
            "138一二345678",        // Chinese numerals
            "abc",                  // letters
            "tel: 13812345678",     // extra text
            "12345678",             // landline without area code
            "88888888",             // landline without area code
            "1234567",              // landline without area code
            "028-123456",           // local number too short
            "028-123456789",        // local number too long
            "028-02345678",         // local number starting 0
            "028-12345678a",        // letter in local number
            "0281-2345678",         // 028 is a 2-digit area code
            "028123-45678",         // wrong grouping
            "02-12345678",          // area code too short
            "00-12345678",          // no area code
            "0-12345678",           // no area code
            "(028-12345678",        // unbalanced parenthesis
            "028-12345678-",        // empty extension
            "028-12345678转",       // empty extension
            "028-12345678-1234567", // extension too long
            "028-12345678-12-3",    // too many groups
            "028-12345678-1转2",    // two extensions
            "13812345678转123",     // mobile with extension
            "+86 028 12345678",     // international landline format
            "-",
            "+86",
        ] {
            let err = PhoneNumber::parse(input).unwrap_err();
            assert_eq!(err, PhoneError::NotAPhoneNumber, "{input:?}");
            assert_eq!(err.code(), "not_a_phone_number");
        }
        assert_eq!(
            PhoneError::NotAPhoneNumber.to_string(),
            "不是有效的电话号码：手机号为 11 位数字（1 开头），座机需带区号，如 028-12345678"
        );
    }

    #[test]
    fn masking() {
        let cases = [
            ("13812345678", "138****5678"),
            ("+86 199 0000 1234", "199****1234"),
            ("028-12345678", "028-****5678"),
            ("0755-1234567", "0755-****4567"),
            ("028-12345678转123", "028-****5678"),
        ];
        for (input, masked) in cases {
            assert_eq!(PhoneNumber::parse(input).unwrap().masked(), masked);
        }
    }

    #[test]
    fn debug_prints_only_the_masked_form() {
        let phone = PhoneNumber::parse("13812345678").unwrap();
        let debug = format!("{phone:?}");
        assert_eq!(debug, "PhoneNumber(\"138****5678\")");
        assert!(!debug.contains("13812345678"));
        let landline = PhoneNumber::parse("028-12345678").unwrap();
        assert!(!format!("{:#?}", Some(landline)).contains("12345678"));
    }

    fn mobile_input() -> impl Strategy<Value = (String, String)> {
        (
            "1[3-9][0-9]{9}",
            prop_oneof![Just(""), Just("+86"), Just("+86 "), Just("86"), Just("0086")],
            prop_oneof![Just(""), Just(" "), Just("-")],
        )
            .prop_map(|(digits, prefix, separator)| {
                let input = format!(
                    "{prefix}{}{separator}{}{separator}{}",
                    &digits[..3],
                    &digits[3..7],
                    &digits[7..]
                );
                (digits, input)
            })
    }

    proptest! {
        /// Any valid mobile number, however formatted, round-trips and its
        /// mask keeps the first 3 and last 4 digits.
        #[test]
        fn prop_mobile_round_trips((digits, input) in mobile_input()) {
            let phone = PhoneNumber::parse(&input).unwrap();
            prop_assert_eq!(phone.as_str(), digits.as_str());
            prop_assert!(phone.is_mobile());
            prop_assert_eq!(PhoneNumber::parse(phone.as_str()).unwrap(), phone.clone());
            let masked = phone.masked();
            prop_assert_eq!(masked.len(), 11);
            prop_assert_eq!(&masked[..3], &digits[..3]);
            prop_assert_eq!(&masked[3..7], "****");
            prop_assert_eq!(&masked[7..], &digits[7..]);
        }

        /// Arbitrary input never panics, and the stored form of whatever is
        /// accepted parses back to itself.
        #[test]
        fn prop_parse_never_panics(input in "\\PC{0,20}|[0-9+()（）转 \\-]{0,20}") {
            if let Ok(phone) = PhoneNumber::parse(&input) {
                prop_assert_eq!(PhoneNumber::parse(phone.as_str()).unwrap(), phone.clone());
                prop_assert!(phone.masked().contains("****"));
            }
        }

        /// Any valid landline round-trips through its normalised form.
        #[test]
        fn prop_landline_round_trips(
            area in "0[12][0-9]|0[3-9][0-9]{2}",
            local in "[1-9][0-9]{6,7}",
            separator in prop_oneof![Just(""), Just("-"), Just(" ")],
        ) {
            let phone = PhoneNumber::parse(&format!("{area}{separator}{local}")).unwrap();
            let normalised = format!("{area}-{local}");
            prop_assert_eq!(phone.as_str(), normalised.as_str());
            prop_assert!(!phone.is_mobile());
            prop_assert_eq!(PhoneNumber::parse(phone.as_str()).unwrap(), phone.clone());
            prop_assert_eq!(phone.masked(), format!("{area}-****{}", &local[local.len() - 4..]));
        }
    }
}
