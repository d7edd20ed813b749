//! [`AppError`] as a GraphQL error: its one public form ([`AppError::public`]) as `message`
//! with `extensions.code`; input errors also carry `extensions.fields: [{field, code,
//! message}]` so that a form can show each message next to its field.

use juniper::{FieldError, IntoFieldError, Object, ScalarValue, Value};

use crate::error::AppError;

fn text<S: ScalarValue>(s: &str) -> Value<S> {
    Value::scalar(s.to_string())
}

/// `message`, with `extensions: {code, fields?: [{field, code, message}]}`.
impl<S: ScalarValue> IntoFieldError<S> for AppError {
    fn into_field_error(self) -> FieldError<S> {
        let public = self.public();
        let mut extensions = Object::with_capacity(2);
        extensions.add_field("code", text(public.code));
        if !public.fields.is_empty() {
            let fields = public
                .fields
                .iter()
                .map(|f| {
                    let mut o = Object::with_capacity(3);
                    o.add_field("field", text(&f.field));
                    o.add_field("code", text(&f.code));
                    o.add_field("message", text(&f.message));
                    Value::Object(o)
                })
                .collect();
            extensions.add_field("fields", Value::List(fields));
        }
        FieldError::new(public.message, Value::Object(extensions))
    }
}

#[cfg(test)]
mod tests {
    use diesel::result::Error;
    use juniper::{DefaultScalarValue, FieldError, IntoFieldError};
    use serde_json::json;

    use crate::domain::input::InvalidInput;
    use crate::error::AppError;

    /// The message and extensions of `error` as a GraphQL error.
    fn graphql(error: AppError) -> (String, serde_json::Value) {
        let error: FieldError<DefaultScalarValue> = error.into_field_error();
        let extensions = serde_json::to_value(error.extensions()).expect("extensions as JSON");
        (error.message().to_string(), extensions)
    }

    #[test]
    fn an_input_error_names_its_fields_in_graphql() {
        let mut input = InvalidInput::single("idNumber", "checksum", "身份证号校验码错误");
        input.add("phone", "format", "电话号码格式错误");
        let error = AppError::InvalidInput(input);
        let (_, extensions) = graphql(error);
        assert_eq!(
            extensions,
            json!({ "code": "INVALID_INPUT", "fields": [
                { "field": "idNumber", "code": "checksum", "message": "身份证号校验码错误" },
                { "field": "phone", "code": "format", "message": "电话号码格式错误" },
            ] })
        );
    }

    #[test]
    fn a_duplicate_names_its_field_in_graphql() {
        let error = AppError::Duplicate {
            field: Some("username"),
        };
        let message = error.to_string();
        assert_eq!(
            graphql(error),
            (
                message.clone(),
                json!({ "code": "DUPLICATE", "fields": [{ "field": "username", "code": "duplicate", "message": message }] })
            )
        );
    }

    #[test]
    fn internal_details_are_never_told_in_graphql() {
        let cases = [
            (
                AppError::Internal("/srv/photos/ab/cd: permission denied".into()),
                "INTERNAL",
                "服务器内部错误 (internal error)",
            ),
            (
                AppError::Database(Error::QueryBuilderError("SELECT id_number FROM elders".into())),
                "INTERNAL",
                "服务器内部错误 (internal error)",
            ),
            (
                AppError::Unavailable("connection to 10.0.0.5:5432 refused".into()),
                "UNAVAILABLE",
                "数据库暂不可用，请稍后再试 (database unavailable)",
            ),
        ];
        for (error, code, message) in cases {
            assert_eq!(graphql(error), (message.to_string(), json!({ "code": code })));
        }
    }
}
