//! A serde [`Deserializer`] over a JavaScript value, for the two inputs the
//! JS API reads with serde (the record and the `validity` option).
//!
//! Written here rather than taken from `serde-wasm-bindgen` for size: that
//! crate's errors print numbers through `f64`'s `Display` (Rust's float
//! formatting, about 17 KB of the module) and it keeps a hash map of
//! interned strings. This one reads values through a handful of
//! `js_sys` calls and says "a number with a fraction" where serde would
//! print the float. Its output is the same for every well-formed input.

use js_sys::{Array, Object, Reflect};
use serde::de::{
    self, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor,
};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

/// Reads `T` from a JavaScript value.
pub(crate) fn from_value<T: de::DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    T::deserialize(Js(value))
}

/// Why a value could not be read: serde's message, without floats.
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Error(format!(
            "invalid type: {}, expected {expected}",
            Found(unexpected)
        ))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Error(format!(
            "invalid value: {}, expected {expected}",
            Found(unexpected)
        ))
    }
}

/// serde's [`Unexpected`] in words, every variant spelled out so that its
/// own `Display` (which formats floats) is never linked.
struct Found<'a>(Unexpected<'a>);

impl fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(n) => write!(f, "integer `{n}`"),
            Unexpected::Signed(n) => write!(f, "integer `{n}`"),
            Unexpected::Float(_) => f.write_str("a number with a fraction"),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string \"{s}\""),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Option => f.write_str("optional value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("array"),
            Unexpected::Map => f.write_str("object"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

/// One JavaScript value being read.
struct Js(JsValue);

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

impl<'de> de::Deserializer<'de> for Js {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let v = self.0;
        if let Some(s) = v.as_string() {
            return visitor.visit_string(s);
        }
        if v.as_f64().is_some() {
            // Whole numbers as integers, so that `u32` and friends read them.
            return Js(v).number(visitor);
        }
        if let Some(b) = v.as_bool() {
            return visitor.visit_bool(b);
        }
        if v.is_null() || v.is_undefined() {
            return visitor.visit_unit();
        }
        if Array::is_array(&v) {
            let array: Array = v.unchecked_into();
            return visitor.visit_seq(Items { array, next: 0 });
        }
        if v.is_object() {
            let object: Object = v.unchecked_into();
            let keys = Object::keys(&object);
            return visitor.visit_map(Entries {
                object,
                keys,
                next: 0,
                value: None,
            });
        }
        Err(de::Error::invalid_type(
            Unexpected::Other("a value of another JavaScript type"),
            &visitor,
        ))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // Only unit variants cross the API, as strings.
        match self.0.as_string() {
            Some(s) => visitor.visit_enum(s.into_deserializer()),
            None => self.deserialize_any(visitor),
        }
    }

    // The typed entry points visit only the one kind they expect, so that
    // each visitor's other paths (a struct read from an array, a number
    // from a string …) are never instantiated: less code, same answers.

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(s) => visitor.visit_str(&s),
            None => Err(self.unexpected(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(s) => visitor.visit_string(s),
            None => Err(self.unexpected(&visitor)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if !self.0.is_object() || Array::is_array(&self.0) {
            return Err(self.unexpected(&visitor));
        }
        let object: Object = self.0.unchecked_into();
        let keys = Object::keys(&object);
        visitor.visit_map(Entries {
            object,
            keys,
            next: 0,
            value: None,
        })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if !Array::is_array(&self.0) {
            return Err(self.unexpected(&visitor));
        }
        visitor.visit_seq(Items {
            array: self.0.unchecked_into(),
            next: 0,
        })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_bool() {
            Some(b) => visitor.visit_bool(b),
            None => Err(self.unexpected(&visitor)),
        }
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u128 f32 f64 char
        bytes byte_buf unit unit_struct newtype_struct tuple
        tuple_struct
    }
}

impl Js {
    /// A number, as an integer when it is whole.
    fn number<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&n) => {
                visitor.visit_u64(n as u64)
            }
            Some(n) if n.fract() == 0.0 && (-MAX_SAFE..0.0).contains(&n) => {
                visitor.visit_i64(n as i64)
            }
            Some(n) => visitor.visit_f64(n),
            None => Err(self.unexpected(&visitor)),
        }
    }

    /// The error for a value of the wrong JavaScript type.
    fn unexpected(&self, expected: &dyn Expected) -> Error {
        let v = &self.0;
        let s;
        let found = if let Some(text) = v.as_string() {
            s = text;
            Unexpected::Str(&s)
        } else if let Some(b) = v.as_bool() {
            Unexpected::Bool(b)
        } else if v.as_f64().is_some() {
            Unexpected::Other("number")
        } else if v.is_null() || v.is_undefined() {
            Unexpected::Unit
        } else if Array::is_array(v) {
            Unexpected::Seq
        } else if v.is_object() {
            Unexpected::Map
        } else {
            Unexpected::Other("a value of another JavaScript type")
        };
        de::Error::invalid_type(found, expected)
    }
}

/// The elements of an array.
struct Items {
    array: Array,
    next: u32,
}

impl<'de> SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next >= self.array.length() {
            return Ok(None);
        }
        let item = self.array.get(self.next);
        self.next += 1;
        seed.deserialize(Js(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.array.length().saturating_sub(self.next) as usize)
    }
}

/// The own enumerable properties of an object, in `Object.keys` order.
struct Entries {
    object: Object,
    keys: Array,
    next: u32,
    value: Option<JsValue>,
}

impl<'de> MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        let key = self.keys.get(self.next);
        self.next += 1;
        self.value = Some(
            Reflect::get(&self.object, &key)
                .map_err(|_| de::Error::custom("a property that cannot be read"))?,
        );
        seed.deserialize(Js(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self.value.take().unwrap_or(JsValue::UNDEFINED);
        seed.deserialize(Js(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.keys.length().saturating_sub(self.next) as usize)
    }
}
