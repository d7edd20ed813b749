//! 阿里云短信服务 `SendSms` (API version 2017-05-25), called over its documented HTTP API and
//! signed as its documentation says (RPC signature, `SignatureVersion` 1.0, HMAC-SHA1):
//! 1. every parameter but `Signature`, sorted by name, each name and value percent-encoded
//!    (RFC 3986: only `A–Z a–z 0–9 - _ . ~` stay as they are, UTF-8 bytes as `%XX`, upper case);
//! 2. joined as `name=value` with `&` into the canonical query string;
//! 3. the string to sign is `GET&%2F&` followed by the percent-encoded canonical string;
//! 4. the signature is Base64 of HMAC-SHA1 over it, keyed with the AccessKey secret plus `&`.
//!
//! The provider answers JSON with a `Code`: `OK` when the SMS is accepted. Codes of rate
//! limits and the provider's own faults are worth trying again; every other code (a template
//! or signature not approved, a wrong number, missing parameters) will fail again the same way.

use std::collections::BTreeMap;

use base64::Engine;
use hmac::{Hmac, Mac};

/// What the request to send one SMS is made of.
pub struct SendSms<'a> {
    pub access_key_id: &'a str,
    pub phone: &'a str,
    pub sign_name: &'a str,
    pub template_code: &'a str,
    /// The template's parameters as a JSON object.
    pub template_param: &'a str,
    /// Our message id, echoed back by the provider's delivery reports.
    pub out_id: &'a str,
    /// A fresh value per request (the provider refuses a nonce it has seen).
    pub nonce: &'a str,
    /// UTC, `YYYY-MM-DDThh:mm:ssZ`.
    pub timestamp: &'a str,
}

impl SendSms<'_> {
    /// The request's parameters, without the signature.
    pub fn params(&self) -> BTreeMap<&'static str, String> {
        BTreeMap::from([
            ("AccessKeyId", self.access_key_id.to_string()),
            ("Action", "SendSms".to_string()),
            ("Format", "JSON".to_string()),
            ("OutId", self.out_id.to_string()),
            ("PhoneNumbers", self.phone.to_string()),
            ("RegionId", "cn-hangzhou".to_string()),
            ("SignName", self.sign_name.to_string()),
            ("SignatureMethod", "HMAC-SHA1".to_string()),
            ("SignatureNonce", self.nonce.to_string()),
            ("SignatureVersion", "1.0".to_string()),
            ("TemplateCode", self.template_code.to_string()),
            ("TemplateParam", self.template_param.to_string()),
            ("Timestamp", self.timestamp.to_string()),
            ("Version", "2017-05-25".to_string()),
        ])
    }
}

/// Percent-encoding as the provider specifies it (RFC 3986 unreserved characters kept).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The canonical query string: parameters sorted by name (a `Signature` among them ignored).
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut pairs: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k.as_ref() != "Signature")
        .map(|(k, v)| (percent_encode(k.as_ref()), percent_encode(v.as_ref())))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The string to sign of a request made with `method` (`GET` or `POST`).
pub fn string_to_sign(method: &str, canonical: &str) -> String {
    format!("{method}&{}&{}", percent_encode("/"), percent_encode(canonical))
}

/// The signature of `params` for `secret`.
pub fn signature<K: AsRef<str>, V: AsRef<str>>(method: &str, params: &[(K, V)], secret: &str) -> String {
    let to_sign = string_to_sign(method, &canonical_query(params));
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes()) else {
        // HMAC takes a key of any length.
        return String::new();
    };
    mac.update(to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// How the provider's answer `code` is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Accepted,
    TryAgain,
    Refused,
}

/// `OK` is accepted; rate limits (`isv.BUSINESS_LIMIT_CONTROL`, `Throttling…`) and the
/// provider's faults (`isp.…`, `InternalError`, `ServiceUnavailable`) are tried again;
/// every other code is refused for good.
pub fn answer(code: &str) -> Answer {
    match code {
        "OK" => Answer::Accepted,
        "isv.BUSINESS_LIMIT_CONTROL" | "InternalError" | "ServiceUnavailable" => Answer::TryAgain,
        c if c.starts_with("Throttling") || c.starts_with("isp.") => Answer::TryAgain,
        _ => Answer::Refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of 阿里云短信服务's documentation (“HTTP 协议及签名”): its
    /// parameters, its string to sign and its signature, with AccessKey `testId` / `testSecret`.
    #[test]
    fn the_documentation_example_signs_to_the_published_signature() {
        let params = [
            ("AccessKeyId", "testId"),
            ("Action", "SendSms"),
            ("Format", "XML"),
            ("OutId", "123"),
            ("PhoneNumbers", "15300000001"),
            ("RegionId", "cn-hangzhou"),
            ("SignName", "阿里云短信测试专用"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", "SMS_71390007"),
            ("TemplateParam", "{\"customer\":\"test\"}"),
            ("Timestamp", "2017-07-12T02:42:19Z"),
            ("Version", "2017-05-25"),
        ];
        assert_eq!(
            string_to_sign("GET", &canonical_query(&params)),
            "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25"
        );
        assert_eq!(signature("GET", &params, "testSecret"), "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
    }

    /// The RPC signature documentation's own example (`DescribeRegions`, secret `testsecret`).
    #[test]
    fn the_rpc_documentation_example_signs_too() {
        let params = [
            ("Format", "XML"),
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Version", "2014-05-26"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
        ];
        assert_eq!(signature("GET", &params, "testsecret"), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    }

    #[test]
    fn percent_encoding_keeps_only_unreserved_characters() {
        assert_eq!(percent_encode("a b*~/"), "a%20b%2A~%2F");
        assert_eq!(percent_encode("派"), "%E6%B4%BE");
    }

    #[test]
    fn rate_limits_are_tried_again_and_unapproved_templates_are_not() {
        assert_eq!(answer("OK"), Answer::Accepted);
        assert_eq!(answer("isv.BUSINESS_LIMIT_CONTROL"), Answer::TryAgain);
        assert_eq!(answer("Throttling.User"), Answer::TryAgain);
        assert_eq!(answer("isv.SMS_TEMPLATE_ILLEGAL"), Answer::Refused);
        assert_eq!(answer("isv.MOBILE_NUMBER_ILLEGAL"), Answer::Refused);
    }
}
