//! Field-named input errors. Parsing an input collects every problem at once so that a form can
//! show each message next to its field; nothing is written while any problem remains.

use serde::Serialize;

/// One rejected field: `field` is the input path (`idNumber`, `emergencyContacts[1].phone`),
/// `code` a stable machine code, `message` a Chinese-first sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidField {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// Everything wrong with one input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvalidInput {
    pub fields: Vec<InvalidField>,
}

impl InvalidInput {
    pub fn single(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = Self::default();
        errors.add(field, code, message);
        errors
    }

    pub fn add(&mut self, field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) {
        self.fields.push(InvalidField {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        });
    }

    /// Records the error of `result` under `field` and returns the value if there was none.
    pub fn check<T, E>(&mut self, field: impl Into<String>, result: Result<T, E>) -> Option<T>
    where
        E: Coded,
    {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, error.code(), error.to_string());
                None
            }
        }
    }

    /// Records every problem of a part parsed on its own and returns its value if it had none.
    pub fn check_result<T>(&mut self, result: Result<T, InvalidInput>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(other) => {
                self.absorb("", other);
                None
            }
        }
    }

    /// An input of one field: its value, or its error named by `field`.
    pub fn of_field<T, E>(field: impl Into<String>, result: Result<T, E>) -> Result<T, InvalidInput>
    where
        E: Coded,
    {
        result.map_err(|error| InvalidInput::single(field, error.code(), error.to_string()))
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// `Ok(value)` when no error was recorded.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, InvalidInput> {
        if !self.is_empty() {
            return Err(self);
        }
        // Every `None` in a parsed part was recorded as an error, so `value` is `Some` here;
        // an internal slip is still reported rather than panicking.
        value().ok_or_else(|| InvalidInput::single("input", "internal", "输入解析不完整"))
    }

    /// Adds the problems of `other` with each field path prefixed by `prefix`.
    pub fn absorb(&mut self, prefix: &str, other: InvalidInput) {
        for mut field in other.fields {
            field.field = format!("{prefix}{}", field.field);
            self.fields.push(field);
        }
    }
}

impl std::fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .fields
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        write!(f, "输入有误 (invalid input) — {}", parts.join("; "))
    }
}

impl std::error::Error for InvalidInput {}

/// An error with a stable machine code.
pub trait Coded: std::fmt::Display {
    fn code(&self) -> &'static str;
}

/// A required free-text field: trimmed, not empty, at most `max_chars` characters.
pub fn required_text(value: &str, max_chars: usize) -> Result<String, TextError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty);
    }
    optional_text(trimmed, max_chars).map(std::option::Option::unwrap_or_default)
}

/// An optional free-text field: trimmed, empty becomes `None`, at most `max_chars` characters.
pub fn optional_text(value: &str, max_chars: usize) -> Result<Option<String>, TextError> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max_chars {
        return Err(TextError::TooLong { max: max_chars });
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n') {
        return Err(TextError::ControlCharacter);
    }
    Ok((!trimmed.is_empty()).then(|| trimmed.to_string()))
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("不能为空 (required)")]
    Empty,
    #[error("不能超过 {max} 个字 (at most {max} characters)")]
    TooLong { max: usize },
    #[error("含有不可见的控制字符 (contains control characters)")]
    ControlCharacter,
}

impl Coded for TextError {
    fn code(&self) -> &'static str {
        match self {
            TextError::Empty => "required",
            TextError::TooLong { .. } => "too_long",
            TextError::ControlCharacter => "control_character",
        }
    }
}

/// A date a user reports as already happened (a review, an assessment, a status change).
pub fn not_in_future(date: chrono::NaiveDate, today: chrono::NaiveDate) -> Result<chrono::NaiveDate, DateError> {
    if date > today {
        Err(DateError::InFuture)
    } else {
        Ok(date)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("日期不能晚于今天 (date is in the future)")]
    InFuture,
}

impl Coded for DateError {
    fn code(&self) -> &'static str {
        "date_in_future"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(required_text("  张三 ", 10), Ok("张三".to_string()));
        assert_eq!(required_text("   ", 10), Err(TextError::Empty));
        assert_eq!(required_text("一二三四五六", 5), Err(TextError::TooLong { max: 5 }));
        assert_eq!(optional_text(" ", 5), Ok(None));
        assert_eq!(optional_text("a\u{0}b", 5), Err(TextError::ControlCharacter));
    }

    #[test]
    fn collected_errors_keep_every_field_and_prefix_nested_paths() {
        let mut outer = InvalidInput::default();
        let mut inner = InvalidInput::default();
        assert_eq!(inner.check("phone", required_text("", 5)), None);
        outer.absorb("emergencyContacts[1].", inner);
        outer.add("name", "required", "x");
        let fields: Vec<&str> = outer.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, vec!["emergencyContacts[1].phone", "name"]);
        assert!(outer.finish(|| Some(())).is_err());
    }
}
