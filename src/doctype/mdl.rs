//! The mobile driving licence (`org.iso.18013.5.1.mDL`, namespace `org.iso.18013.5.1`).

use alloc::string::String;
use alloc::vec::Vec;

use super::ElementType;
use crate::cbor::map::{
    array_of, count_some, encode_text_rest, field, keep_text, required, text_map,
};
use crate::cbor::{Decode, DecodeError, Decoder, Encode, Encoder, FullDate, TextRest};

/// The mDL document type.
pub const DOC_TYPE: &str = "org.iso.18013.5.1.mDL";

/// The mDL namespace.
pub const NAME_SPACE: &str = "org.iso.18013.5.1";

/// `driving_privileges = [* DrivingPrivilege]`.
///
/// ```
/// use iso18013::cbor::{Decode, Encode, Value};
/// use iso18013::doctype::mdl::DrivingPrivileges;
/// let v = DrivingPrivileges::from_cbor(&[0x81, 0xa1, 0x75,
///     b'v', b'e', b'h', b'i', b'c', b'l', b'e', b'_', b'c', b'a', b't', b'e', b'g', b'o', b'r',
///     b'y', b'_', b'c', b'o', b'd', b'e', 0x61, b'B']).unwrap();
/// assert_eq!(v.0[0].vehicle_category_code, "B");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrivingPrivileges(pub Vec<DrivingPrivilege>);

/// One vehicle category the holder may drive.
#[derive(Clone, Debug, PartialEq)]
pub struct DrivingPrivilege {
    /// `vehicle_category_code` (e.g. "B").
    pub vehicle_category_code: String,
    /// `issue_date`.
    pub issue_date: Option<FullDate>,
    /// `expiry_date`.
    pub expiry_date: Option<FullDate>,
    /// `codes`: restrictions and conditions.
    pub codes: Option<Vec<Code>>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `Code = {"code": tstr, ? "sign": tstr, ? "value": tstr}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    /// `code`.
    pub code: String,
    /// `sign`.
    pub sign: Option<String>,
    /// `value`.
    pub value: Option<String>,
    /// Other entries, as received.
    pub rest: TextRest,
}

impl Decode for DrivingPrivileges {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        array_of(d, 0, None, DrivingPrivilege::decode).map(Self)
    }
}

impl Encode for DrivingPrivileges {
    fn encode(&self, e: &mut Encoder) {
        e.array(self.0.len());
        for p in &self.0 {
            p.encode(e);
        }
    }
}

impl Decode for DrivingPrivilege {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "DrivingPrivilege";
        let at = d.offset();
        let (mut code, mut issue, mut expiry, mut codes) = (None, None, None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "vehicle_category_code" => code = Some(field(d, S, "vehicle_category_code")?),
                "issue_date" => issue = Some(field(d, S, "issue_date")?),
                "expiry_date" => expiry = Some(field(d, S, "expiry_date")?),
                "codes" => {
                    codes = Some(array_of(d, 1, None, Code::decode).map_err(|e| e.at(S, "codes"))?)
                }
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            vehicle_category_code: required(code, S, "vehicle_category_code", at)?,
            issue_date: issue,
            expiry_date: expiry,
            codes,
            rest,
        })
    }
}

impl Encode for DrivingPrivilege {
    fn encode(&self, e: &mut Encoder) {
        let n =
            1 + count_some(&[
                self.issue_date.is_some(),
                self.expiry_date.is_some(),
                self.codes.is_some(),
            ]) + self.rest.len();
        e.map(n);
        e.text("vehicle_category_code")
            .text(&self.vehicle_category_code);
        if let Some(d) = &self.issue_date {
            e.text("issue_date");
            d.encode(e);
        }
        if let Some(d) = &self.expiry_date {
            e.text("expiry_date");
            d.encode(e);
        }
        if let Some(codes) = &self.codes {
            e.text("codes").array(codes.len());
            for c in codes {
                c.encode(e);
            }
        }
        encode_text_rest(e, &self.rest);
    }
}

impl Decode for Code {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "Code";
        let at = d.offset();
        let (mut code, mut sign, mut value) = (None, None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "code" => code = Some(field(d, S, "code")?),
                "sign" => sign = Some(field(d, S, "sign")?),
                "value" => value = Some(field(d, S, "value")?),
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            code: required(code, S, "code", at)?,
            sign,
            value,
            rest,
        })
    }
}

impl Encode for Code {
    fn encode(&self, e: &mut Encoder) {
        e.map(1 + count_some(&[self.sign.is_some(), self.value.is_some()]) + self.rest.len());
        e.text("code").text(&self.code);
        if let Some(s) = &self.sign {
            e.text("sign").text(s);
        }
        if let Some(v) = &self.value {
            e.text("value").text(v);
        }
        encode_text_rest(e, &self.rest);
    }
}

/// The type of the mDL data element `identifier` (ISO 18013-5 table 5), if defined there.
///
/// ```
/// use iso18013::doctype::{mdl, ElementType};
/// assert_eq!(mdl::element_type("birth_date"), Some(ElementType::FullDate));
/// assert_eq!(mdl::element_type("age_over_18"), Some(ElementType::Bool));
/// assert_eq!(mdl::element_type("favourite_colour"), None);
/// ```
pub fn element_type(identifier: &str) -> Option<ElementType> {
    use ElementType::{
        Bool, Bytes, DrivingPrivileges, FullDate, TDate, TDateOrFullDate, Text, Uint,
    };
    if let Some(nn) = identifier.strip_prefix("age_over_") {
        return (nn.len() == 2 && nn.bytes().all(|b| b.is_ascii_digit())).then_some(Bool);
    }
    if identifier.starts_with("biometric_template_") {
        return Some(Bytes);
    }
    Some(match identifier {
        "family_name"
        | "given_name"
        | "issuing_country"
        | "issuing_authority"
        | "document_number"
        | "un_distinguishing_sign"
        | "administrative_number"
        | "eye_colour"
        | "hair_colour"
        | "birth_place"
        | "resident_address"
        | "issuing_jurisdiction"
        | "nationality"
        | "resident_city"
        | "resident_state"
        | "resident_postal_code"
        | "resident_country"
        | "family_name_national_character"
        | "given_name_national_character" => Text,
        "birth_date" => FullDate,
        "issue_date" | "expiry_date" => TDateOrFullDate,
        "portrait" | "signature_usual_mark" => Bytes,
        "driving_privileges" => DrivingPrivileges,
        "sex" | "height" | "weight" | "age_in_years" | "age_birth_year" => Uint,
        "portrait_capture_date" => TDate,
        _ => return None,
    })
}
