//! Reading the app's own JSON by hand: accessors over a parsed [`serde_json::Value`] for the report view
//! ([`crate::ui::report_view`]) and the worker's replies ([`crate::ui::worker_protocol`]).
//!
//! Why not `#[derive(Deserialize)]`: serde generates a visitor, a field matcher and a sequence reader per struct and
//! per `Option`/`Vec` of it, for every deserializer it is used with — about 100 KB of wasm for the report's fifteen
//! view types. The page already has `serde_json`'s `Value` parser (it reads Trunk's asset list with it); walking a
//! `Value` with these few functions costs a fraction of that.
//!
//! The rules are serde's for the derives they replace: a required field must be there with the right type; a field
//! with a default may also be missing or `null`; unknown fields are ignored.

use serde_json::Value;

/// A read value, or what was wrong in words.
pub type Read<T> = Result<T, String>;

/// A field that must be present (it may be `null` only if its reader accepts that).
pub fn required<'a>(v: &'a Value, key: &str) -> Read<&'a Value> {
    v.get(key).ok_or_else(|| format!("missing field `{key}`"))
}

/// A field that may be missing or `null`.
fn optional<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key).filter(|x| !x.is_null())
}

fn invalid(key: &str, what: &str) -> String {
    format!("field `{key}`: expected {what}")
}

/// A string value (an element of a list of strings, a tuple's member).
pub fn as_string(v: &Value) -> Read<String> {
    v.as_str().map(str::to_owned).ok_or_else(|| format!("expected a string, found {v}"))
}

/// A required string.
pub fn string(v: &Value, key: &str) -> Read<String> {
    required(v, key)?.as_str().map(str::to_owned).ok_or_else(|| invalid(key, "a string"))
}

/// An optional string.
pub fn opt_string(v: &Value, key: &str) -> Read<Option<String>> {
    optional(v, key).map(|x| x.as_str().map(str::to_owned).ok_or_else(|| invalid(key, "a string"))).transpose()
}

/// A string that defaults to empty.
pub fn string_or_empty(v: &Value, key: &str) -> Read<String> {
    Ok(opt_string(v, key)?.unwrap_or_default())
}

fn as_usize(x: &Value, key: &str) -> Read<usize> {
    x.as_u64().and_then(|n| usize::try_from(n).ok()).ok_or_else(|| invalid(key, "an unsigned integer"))
}

/// A required 64-bit unsigned integer.
pub fn uint64(v: &Value, key: &str) -> Read<u64> {
    required(v, key)?.as_u64().ok_or_else(|| invalid(key, "an unsigned integer"))
}

/// A required unsigned integer.
pub fn uint(v: &Value, key: &str) -> Read<usize> {
    as_usize(required(v, key)?, key)
}

/// An optional unsigned integer.
pub fn opt_uint(v: &Value, key: &str) -> Read<Option<usize>> {
    optional(v, key).map(|x| as_usize(x, key)).transpose()
}

/// A required signed integer.
pub fn int(v: &Value, key: &str) -> Read<i64> {
    required(v, key)?.as_i64().ok_or_else(|| invalid(key, "an integer"))
}

/// An optional signed integer.
pub fn opt_int(v: &Value, key: &str) -> Read<Option<i64>> {
    optional(v, key).map(|x| x.as_i64().ok_or_else(|| invalid(key, "an integer"))).transpose()
}

/// A flag that defaults to `false`.
pub fn flag(v: &Value, key: &str) -> Read<bool> {
    optional(v, key).map_or(Ok(false), |x| x.as_bool().ok_or_else(|| invalid(key, "a boolean")))
}

/// The elements of the list `x` (the value of field `key`), each read by `read`.
fn items<T>(x: &Value, key: &str, read: fn(&Value) -> Read<T>) -> Read<Vec<T>> {
    x.as_array().ok_or_else(|| invalid(key, "a list"))?.iter().map(read).collect()
}

/// An optional list, each element read by `read`.
pub fn opt_list<T>(v: &Value, key: &str, read: fn(&Value) -> Read<T>) -> Read<Option<Vec<T>>> {
    optional(v, key).map(|x| items(x, key, read)).transpose()
}

/// A list that defaults to empty.
pub fn list<T>(v: &Value, key: &str, read: fn(&Value) -> Read<T>) -> Read<Vec<T>> {
    Ok(opt_list(v, key, read)?.unwrap_or_default())
}

/// A required list.
pub fn required_list<T>(v: &Value, key: &str, read: fn(&Value) -> Read<T>) -> Read<Vec<T>> {
    items(required(v, key)?, key, read)
}

/// An optional object, read by `read`.
pub fn opt_object<T>(v: &Value, key: &str, read: fn(&Value) -> Read<T>) -> Read<Option<T>> {
    optional(v, key).map(read).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_serde_does() {
        let v: Value = serde_json::from_str(
            r#"{"s": "x", "n": 3, "neg": -2, "null": null, "b": true, "l": ["a", "b"], "f": 1.5, "o": {"s": "y"}}"#,
        )
        .unwrap();
        assert_eq!(string(&v, "s").unwrap(), "x");
        assert_eq!(string(&v, "gone").unwrap_err(), "missing field `gone`");
        assert!(string(&v, "n").unwrap_err().contains("`n`"));
        assert!(string(&v, "null").is_err());
        assert_eq!(opt_string(&v, "null").unwrap(), None);
        assert_eq!(opt_string(&v, "gone").unwrap(), None);
        assert_eq!(opt_string(&v, "s").unwrap().as_deref(), Some("x"));
        assert!(opt_string(&v, "b").is_err());
        assert_eq!(string_or_empty(&v, "gone").unwrap(), "");
        assert_eq!(uint(&v, "n").unwrap(), 3);
        assert_eq!(uint64(&v, "n").unwrap(), 3);
        assert!(uint64(&v, "neg").is_err() && uint64(&v, "gone").is_err());
        assert!(uint(&v, "neg").is_err() && uint(&v, "f").is_err() && uint(&v, "s").is_err());
        assert_eq!(opt_uint(&v, "null").unwrap(), None);
        assert_eq!(int(&v, "neg").unwrap(), -2);
        assert!(int(&v, "f").is_err());
        assert_eq!(opt_int(&v, "gone").unwrap(), None);
        assert!(flag(&v, "b").unwrap() && !flag(&v, "gone").unwrap() && !flag(&v, "null").unwrap());
        assert!(flag(&v, "n").is_err());
        assert_eq!(list(&v, "l", as_string).unwrap(), ["a", "b"]);
        assert!(list(&v, "gone", as_string).unwrap().is_empty());
        assert!(list(&v, "s", as_string).is_err());
        assert!(list(&v, "o", as_string).is_err());
        assert!(required_list(&v, "gone", as_string).is_err() && required_list(&v, "null", as_string).is_err());
        assert_eq!(opt_list(&v, "null", as_string).unwrap(), None);
        assert_eq!(opt_object(&v, "o", |o| string(o, "s")).unwrap().as_deref(), Some("y"));
        assert_eq!(opt_object(&v, "gone", |o| string(o, "s")).unwrap(), None);
        assert!(as_string(&v["n"]).is_err());
    }
}
