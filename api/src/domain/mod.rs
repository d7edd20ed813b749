//! Pure domain rules: no IO, no database, no HTTP. Everything here is parsed once at the edge
//! and is valid by construction afterwards.

pub mod access;
pub mod area;
pub mod calendar;
pub mod care;
pub mod certification;
pub mod clock;
pub mod closing;
pub mod contact;
pub mod elder;
pub mod export;
pub mod festival;
pub mod id;
pub mod id_number;
pub mod import;
pub mod input;
pub mod ledger;
pub mod message;
pub mod no_show;
pub mod pairing;
pub mod period;
pub mod phone;
pub mod photo;
pub mod planner;
pub mod policy;
pub mod record;
pub mod register;
pub mod slot;
pub mod training;

/// Declares a closed set of values stored as text (`as_str`/`parse_code`), shown in Chinese
/// (`label_zh`) and, with the `graphql` feature, exposed to GraphQL as an enum. The stored code
/// is the contract with the database and must never change for an existing variant.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $variant:ident => ($code:literal, $zh:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[cfg_attr(feature = "graphql", derive(juniper::GraphQLEnum))]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name {
            $( #[doc = $zh] #[serde(rename = $code)] $variant ),+
        }

        impl<DB: diesel::backend::Backend> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let code = String::from_sql(bytes)?;
                Self::parse_code(&code)
                    .ok_or_else(|| format!("unknown {} code {:?}", stringify!($name), code).into())
            }
        }

        impl<DB: diesel::backend::Backend> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label shown to users.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// Inverse of [`Self::as_str`].
            pub fn parse_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label_zh())
            }
        }
    };
}
pub(crate) use text_enum;
