//! [`text_map_codec!`]: `Decode` and `Encode` for a struct that is a CBOR map with text
//! keys, from one description of its fields.
//!
//! # Adding a struct
//!
//! Declare the struct as usual (its docs stay on it), then describe its map next to it:
//!
//! ```ignore
//! crate::cbor::text_map_codec! {
//!     DeviceRequest as "DeviceRequest" {
//!         version: "version" required (decode_at = |d, s, _| version(d, s)),
//!         doc_requests: "docRequests" required (decode = doc_requests, encode = encode_array),
//!         device_request_info: "deviceRequestInfo" optional,
//!         reader_auth_all: "readerAuthAll" optional (decode = |d| array_of(d, 1, None, CoseSign1::decode), encode = encode_array),
//!     }
//!     rest rest
//! }
//! ```
//!
//! - `field: "key" required` or `optional` (the field is then an `Option<T>`): one line per
//!   key, in the order the encoder writes them (today's byte order: keep it when converting
//!   a hand-written codec).
//! - By default a value is read with `T::decode` and written with `T::encode`; either can
//!   be replaced per field, inside parentheses:
//!   - `decode = f`, with `f: FnOnce(&mut Decoder) -> Result<T, DecodeError>`: an error
//!     from `f` is named `Struct.key`, as for the default;
//!   - `decode_at = f`, with `f: FnOnce(&mut Decoder, structure, key) -> Result<T, _>`:
//!     `f` names the location itself (for helpers such as `non_empty_text_map`);
//!   - `encode = f`, with `f(&mut Encoder, &T)` (a function, so that `&Vec<T>` coerces to
//!     `&[T]`): writes the value after the key.
//!
//!   The generated `decode` holds each field's value in a local named like the field, so
//!   such a function must not be named like a field of the struct (`decode_name_spaces`,
//!   not `name_spaces`; `fields::version`, not `version`): the compiler says so if it is.
//! - After the fields: `rest field` keeps unknown keys in that [`TextRest`](super::TextRest)
//!   field (and writes them back after the known ones); `reject unknown` fails on them
//!   instead. Then optionally `check f`, with `f(&Self, map_offset) -> Result<(), DecodeError>`,
//!   for rules between fields (such as "at least one of").
//!
//! What the generated code does, exactly as the hand-written codecs did before it:
//!
//! - decoding goes through [`text_map`](super::map::text_map) (text keys only, duplicate
//!   keys rejected), dispatching each key with a `match` on `&str`;
//! - a value's error is named `Struct.key`; a missing required field fails with
//!   [`MissingField`](super::DecodeErrorKind::MissingField) at the map's offset, the
//!   first missing one in declaration order;
//! - encoding writes the map head with the exact count (required fields, present optional
//!   ones, kept entries), then the fields in declaration order, then the kept entries.

/// Generates `Decode` and `Encode` for a text-keyed map struct (see the
/// [module docs](self)).
macro_rules! text_map_codec {
    // One value, read: the default, or the field's own decoder.
    (@decode $d:ident, $s:ident, $key:literal; $(encode = $enc:expr)?) => {
        $crate::cbor::map::field($d, $s, $key)
    };
    (@decode $d:ident, $s:ident, $key:literal; decode = $dec:expr $(, encode = $enc:expr)?) => {
        $crate::cbor::map::decode_with($d, $s, $key, $dec)
    };
    (@decode $d:ident, $s:ident, $key:literal; decode_at = $dec:expr $(, encode = $enc:expr)?) => {
        $crate::cbor::map::decode_at($d, $s, $key, $dec)
    };

    // An unknown key: kept in the rest field, or rejected.
    (@other [$rest:ident] $d:ident, $s:ident, $k:ident) => {
        $crate::cbor::map::keep_text($d, &mut $rest, $s, $k)?
    };
    (@other [] $d:ident, $s:ident, $k:ident) => {{
        let _ = $k;
        return Err($crate::cbor::map::unknown_key($d, $s));
    }};

    // One field, taken from its slot once the map is read.
    (@take required $slot:ident, $s:ident, $key:literal, $at:ident) => {
        $crate::cbor::map::required($slot, $s, $key, $at)?
    };
    (@take optional $slot:ident, $s:ident, $key:literal, $at:ident) => {
        $slot
    };

    // How many entries a field adds to the map head.
    (@count required $v:expr) => {
        1usize
    };
    (@count optional $v:expr) => {
        usize::from($v.is_some())
    };

    // One field, written.
    (@put required $e:ident, $v:expr, $key:literal; $($how:tt)*) => {{
        $e.text($key);
        $crate::cbor::text_map_codec!(@encode $e, &$v; $($how)*);
    }};
    (@put optional $e:ident, $v:expr, $key:literal; $($how:tt)*) => {
        if let Some(v) = &$v {
            $e.text($key);
            $crate::cbor::text_map_codec!(@encode $e, v; $($how)*);
        }
    };

    // One value, written: the default, or the field's own encoder.
    (@encode $e:ident, $v:expr;) => {
        $crate::cbor::Encode::encode($v, $e)
    };
    (@encode $e:ident, $v:expr; decode = $dec:expr) => {
        $crate::cbor::Encode::encode($v, $e)
    };
    (@encode $e:ident, $v:expr; decode_at = $dec:expr) => {
        $crate::cbor::Encode::encode($v, $e)
    };
    (@encode $e:ident, $v:expr; $(decode = $dec:expr,)? encode = $enc:expr) => {
        ($enc)($e, $v)
    };
    (@encode $e:ident, $v:expr; decode_at = $dec:expr, encode = $enc:expr) => {
        ($enc)($e, $v)
    };

    (
        @impl $ty:ident, $name:literal,
        [ $( $field:ident : $key:literal $kind:ident $( ( $($how:tt)* ) )? ),* ],
        [ $( $rest:ident )? ],
        [ $( $check:expr )? ]
    ) => {
        impl $crate::cbor::Decode for $ty {
            fn decode(
                d: &mut $crate::cbor::Decoder<'_>,
            ) -> ::core::result::Result<Self, $crate::cbor::DecodeError> {
                const S: &str = $name;
                let at = d.offset();
                $( let mut $field = None; )*
                $( let mut $rest = $crate::cbor::TextRest::new(); )?
                $crate::cbor::map::text_map(d, S, |d, k| {
                    match k {
                        $( $key => {
                            $field = Some(
                                $crate::cbor::text_map_codec!(@decode d, S, $key; $($($how)*)?)?,
                            );
                        } )*
                        other => $crate::cbor::text_map_codec!(@other [$($rest)?] d, S, other),
                    }
                    Ok(())
                })?;
                let value = Self {
                    $( $field: $crate::cbor::text_map_codec!(@take $kind $field, S, $key, at), )*
                    $( $rest, )?
                };
                $( ($check)(&value, at)?; )?
                let _ = at;
                Ok(value)
            }
        }

        impl $crate::cbor::Encode for $ty {
            fn encode(&self, e: &mut $crate::cbor::Encoder) {
                #[allow(unused_mut)]
                let mut n = 0usize $( + self.$rest.len() )?;
                $( n += $crate::cbor::text_map_codec!(@count $kind self.$field); )*
                e.map(n);
                $( $crate::cbor::text_map_codec!(@put $kind e, self.$field, $key; $($($how)*)?); )*
                $( $crate::cbor::map::encode_text_rest(e, &self.$rest); )?
            }
        }
    };

    // The entry points: unknown keys kept in a field, or rejected.
    (
        $ty:ident as $name:literal {
            $( $field:ident : $key:literal $kind:ident $( ( $($how:tt)* ) )? ),* $(,)?
        }
        rest $rest:ident
        $( check $check:expr )?
    ) => {
        $crate::cbor::text_map_codec!(
            @impl $ty, $name,
            [ $( $field : $key $kind $( ( $($how)* ) )? ),* ],
            [ $rest ],
            [ $( $check )? ]
        );
    };
    (
        $ty:ident as $name:literal {
            $( $field:ident : $key:literal $kind:ident $( ( $($how:tt)* ) )? ),* $(,)?
        }
        reject unknown
        $( check $check:expr )?
    ) => {
        $crate::cbor::text_map_codec!(
            @impl $ty, $name,
            [ $( $field : $key $kind $( ( $($how)* ) )? ),* ],
            [ ],
            [ $( $check )? ]
        );
    };
}

pub(crate) use text_map_codec;

#[cfg(test)]
mod tests {
    use alloc::string::String;
    use alloc::vec;
    use alloc::vec::Vec;

    use crate::cbor::map::{array_of, encode_array};
    use crate::cbor::{Decode, DecodeError, DecodeErrorKind, Encode, PathStep, TextRest};

    #[derive(Debug, PartialEq)]
    struct Kept {
        name: String,
        count: Option<u64>,
        list: Option<Vec<u64>>,
        rest: TextRest,
    }

    super::text_map_codec! {
        Kept as "Kept" {
            name: "name" required,
            count: "count" optional,
            list: "list" optional (decode = |d| array_of(d, 1, None, u64::decode), encode = encode_array),
        }
        rest rest
        check |v: &Kept, at| {
            if v.name.is_empty() {
                Err(DecodeError::new(DecodeErrorKind::InvalidValue("empty name"), at).at("Kept", "name"))
            } else {
                Ok(())
            }
        }
    }

    #[derive(Debug, PartialEq)]
    struct Strict {
        a: bool,
        b: Option<i64>,
    }

    super::text_map_codec! {
        Strict as "Strict" {
            a: "a" required,
            b: "b" optional,
        }
        reject unknown
    }

    fn at(structure: &'static str, field: &'static str) -> PathStep {
        PathStep { structure, field }
    }

    #[test]
    fn writes_fields_in_declaration_order_then_the_rest() {
        let v = Kept {
            name: String::from("n"),
            count: None,
            list: Some(vec![1, 2]),
            rest: vec![(String::from("z"), crate::cbor::Value::from(0u64))],
        };
        // {"name": "n", "list": [1, 2], "z": 0}
        let bytes = [
            0xa3, 0x64, b'n', b'a', b'm', b'e', 0x61, b'n', 0x64, b'l', b'i', b's', b't', 0x82,
            0x01, 0x02, 0x61, b'z', 0x00,
        ];
        assert_eq!(v.to_cbor(), bytes);
        assert_eq!(Kept::from_cbor(&bytes).unwrap(), v);
    }

    #[test]
    fn names_the_struct_and_field_of_every_fault() {
        // {} : the missing required field, at the map's offset
        let e = Kept::from_cbor(&[0xa0]).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (DecodeErrorKind::MissingField, 0));
        assert_eq!(e.path(), [at("Kept", "name")]);
        // {"name": 1}: the value's type
        let e = Kept::from_cbor(&[0xa1, 0x64, b'n', b'a', b'm', b'e', 0x01]).unwrap_err();
        assert_eq!(e.path(), [at("Kept", "name")]);
        // {"list": []}: an override's error is named too
        let e = Kept::from_cbor(&[0xa1, 0x64, b'l', b'i', b's', b't', 0x80]).unwrap_err();
        assert_eq!(e.path(), [at("Kept", "list")]);
        // {"name": ""}: the check
        let e = Kept::from_cbor(&[0xa1, 0x64, b'n', b'a', b'm', b'e', 0x60]).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::InvalidValue("empty name"));
        // {"count": 1, "count": 2}: duplicate keys
        let e = Kept::from_cbor(&[
            0xa2, 0x65, b'c', b'o', b'u', b'n', b't', 0x01, 0x65, b'c', b'o', b'u', b'n', b't',
            0x02,
        ])
        .unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::DuplicateKey);
        assert_eq!(e.path(), [at("Kept", "(map key)")]);
    }

    #[test]
    fn a_struct_without_rest_rejects_unknown_keys() {
        let v = Strict {
            a: true,
            b: Some(-1),
        };
        let bytes = v.to_cbor();
        assert_eq!(bytes, [0xa2, 0x61, b'a', 0xf5, 0x61, b'b', 0x20]);
        assert_eq!(Strict::from_cbor(&bytes).unwrap(), v);
        let e = Strict::from_cbor(&[0xa2, 0x61, b'a', 0xf5, 0x61, b'c', 0x20]).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::InvalidValue("unknown map key"));
        assert_eq!(e.path(), [at("Strict", "(map key)")]);
    }
}
