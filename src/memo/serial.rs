//! A value's serde form as compact bytes, only for hashing into a memo key.
//!
//! Every value starts with a tag byte, strings and byte strings carry their
//! length, and sequences and maps end with a marker, so two different values
//! of one type never give the same bytes. Struct field names are left out
//! (a type's fields come in a fixed order). Unlike JSON, nothing is escaped
//! or formatted: `fokus serve` keys every page's view at every rebuild.

use serde::ser::{self, Serialize};

/// Write `value` into `out`; `Err` only when the value's own `Serialize` fails.
pub(super) fn write(out: &mut Vec<u8>, value: &impl Serialize) -> Result<(), Error> {
    value.serialize(&mut Writer(out))
}

/// A `Serialize` implementation reported an error of its own.
#[derive(Debug)]
pub(super) struct Error;

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("value could not be serialised")
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Error
    }
}

struct Writer<'a>(&'a mut Vec<u8>);

/// Tags: one per kind of value, and the end of a sequence or map.
mod tag {
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const UINT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const STR: u8 = 5;
    pub const BYTES: u8 = 6;
    pub const NONE: u8 = 7;
    pub const SOME: u8 = 8;
    pub const UNIT: u8 = 9;
    pub const VARIANT: u8 = 10;
    pub const SEQ: u8 = 11;
    pub const MAP: u8 = 12;
    pub const STRUCT: u8 = 13;
    pub const END: u8 = 14;
}

impl Writer<'_> {
    fn tagged(&mut self, tag: u8, bytes: &[u8]) {
        self.0.push(tag);
        self.0.extend_from_slice(bytes);
    }

    fn text(&mut self, tag: u8, bytes: &[u8]) {
        self.tagged(tag, &(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
    }

    fn variant(&mut self, index: u32) {
        self.tagged(tag::VARIANT, &index.to_le_bytes());
    }
}

/// Integers, widened to 64 bits (128 for the 128-bit ones), tagged by sign.
macro_rules! numbers {
    ($($method:ident: $t:ty => $tag:ident as $wide:ty),* $(,)?) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            self.tagged(tag::$tag, &<$wide>::from(v).to_le_bytes());
            Ok(())
        }
    )*};
}

impl<'a, 'b> ser::Serializer for &'a mut Writer<'b> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.tagged(tag::BOOL, &[u8::from(v)]);
        Ok(())
    }
    numbers!(
        serialize_i8: i8 => INT as i64,
        serialize_i16: i16 => INT as i64,
        serialize_i32: i32 => INT as i64,
        serialize_i64: i64 => INT as i64,
        serialize_i128: i128 => INT as i128,
        serialize_u8: u8 => UINT as u64,
        serialize_u16: u16 => UINT as u64,
        serialize_u32: u32 => UINT as u64,
        serialize_u64: u64 => UINT as u64,
        serialize_u128: u128 => UINT as u128,
    );
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.tagged(tag::FLOAT, &v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.text(tag::STR, v.encode_utf8(&mut [0; 4]).as_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.text(tag::STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.text(tag::BYTES, v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.0.push(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        self.0.push(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.0.push(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
    ) -> Result<(), Error> {
        self.variant(index);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant(index);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Error> {
        self.0.push(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Error> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        self.variant(index);
        self.serialize_seq(None)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Error> {
        self.0.push(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        self.0.push(tag::STRUCT);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        self.variant(index);
        self.serialize_struct("", 0)
    }
}

/// Sequences, tuples and maps: their elements, then the end marker.
macro_rules! compound {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<'a, 'b> ser::$trait for &'a mut Writer<'b> {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Error> {
                self.0.push(tag::END);
                Ok(())
            }
        }
    )*};
}

compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<'a, 'b> ser::SerializeMap for &'a mut Writer<'b> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        self.0.push(tag::END);
        Ok(())
    }
}

/// Struct fields in their fixed order; a field left out (`skip_serializing_if`)
/// is marked by its name, so leaving out one field never looks like another.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl<'a, 'b> ser::$trait for &'a mut Writer<'b> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                _: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                value.serialize(&mut **self)
            }
            fn skip_field(&mut self, key: &'static str) -> Result<(), Error> {
                self.text(tag::UNIT, key.as_bytes());
                Ok(())
            }
            fn end(self) -> Result<(), Error> {
                self.0.push(tag::END);
                Ok(())
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(value: &impl Serialize) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out, value).unwrap();
        out
    }

    #[derive(serde::Serialize)]
    struct Item<'a> {
        title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        summary: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        duration: Option<u32>,
        tags: Vec<&'a str>,
    }

    #[test]
    fn different_values_give_different_bytes() {
        let item = |title, summary, duration, tags| Item {
            title,
            summary,
            duration,
            tags,
        };
        let values = [
            bytes(&item("a", None, None, vec![])),
            bytes(&item("ab", None, None, vec![])),
            bytes(&item("a", Some("b"), None, vec![])),
            bytes(&item("a", None, Some(3), vec![])),
            bytes(&item("a", None, None, vec!["b"])),
            bytes(&item("a", None, None, vec!["b", "c"])),
            bytes(&item("a", None, None, vec!["bc"])),
            bytes(&item("a", None, None, vec!["b", ""])),
            bytes(&(vec!["a"], vec!["b"])),
            bytes(&(vec!["a", "b"], Vec::<&str>::new())),
            bytes(&(Some(""), None::<&str>)),
            bytes(&(None::<&str>, Some(""))),
        ];
        for (i, a) in values.iter().enumerate() {
            for b in &values[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(values[0], bytes(&item("a", None, None, vec![])));
    }

    #[test]
    fn json_values_and_maps_are_written_whole() {
        let a = serde_json::json!({"a": [1, "x"], "b": null});
        let b = serde_json::json!({"a": [1, "x"], "b": false});
        let c = serde_json::json!({"a": [1], "b": null});
        assert_ne!(bytes(&a), bytes(&b));
        assert_ne!(bytes(&a), bytes(&c));
        assert_eq!(bytes(&a), bytes(&a.clone()));
    }
}
