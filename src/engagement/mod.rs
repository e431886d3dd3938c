//! Device engagement: what the mdoc shows in its QR code (as an `mdoc:` URI, see
//! [`device_engagement_uri`]) or hands over by NFC.
//!
//! ```cddl
//! DeviceEngagement = {
//!   0: tstr,                              ; "1.0" or "1.1"
//!   1: Security,                          ; [cipher suite, EDeviceKeyBytes]
//!   ? 2: DeviceRetrievalMethods,
//!   ? 3: ServerRetrievalMethods,
//!   ? 4: ProtocolInfo,
//!   ? 5: OriginInfos,
//!   ? 6: Capabilities,
//!   * int => any                          ; kept in `rest`
//! }
//! ```

mod retrieval;
mod uri;

use alloc::string::String;
use alloc::vec::Vec;

use crate::cbor::map::{array_of, count_some, field, int_map, required};
use crate::cbor::{Decode, DecodeError, Decoder, Encode, Encoder, TaggedCbor, TextRest, Value};
use crate::cose::CoseKey;

pub use retrieval::{
    BleChoice, BleMode, BleOptions, DeviceRetrievalMethod, IntRest, NfcOptions, RetrievalOptions,
    WifiAwareOptions, choose_ble, random_service_uuid,
};
pub use uri::{
    EngagementUriError, MAX_ENGAGEMENT_URI_LEN, device_engagement_uri, parse_device_engagement_uri,
};

/// `EDeviceKeyBytes = #6.24(bstr .cbor EDeviceKey)`.
pub type EDeviceKeyBytes = TaggedCbor<CoseKey>;

/// `DeviceEngagementBytes = #6.24(bstr .cbor DeviceEngagement)`.
pub type DeviceEngagementBytes = TaggedCbor<DeviceEngagement>;

/// `Security = [int cipher suite identifier, EDeviceKeyBytes]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Security {
    /// The cipher suite (1 is the only one defined).
    pub cipher_suite: i64,
    /// The mdoc's ephemeral public key, with its exact bytes.
    pub e_device_key: EDeviceKeyBytes,
}

/// `OriginInfo = {"cat": uint, "type": uint, "details": ...}` (ISO/IEC TS 18013-7).
#[derive(Clone, Debug, PartialEq)]
pub struct OriginInfo {
    /// Category: 0 delivery, 1 receive.
    pub cat: u64,
    /// Type: 1 website.
    pub origin_type: u64,
    /// The details (e.g. `{"baseUrl": tstr}`), as received.
    pub details: Value,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `Capabilities = {+ int => any}` (version "1.1").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Capabilities {
    /// The entries as received.
    pub entries: IntRest,
}

impl Capabilities {
    /// Capability 2: handover session establishment support.
    pub const HANDOVER_SESSION_ESTABLISHMENT_SUPPORT: i64 = 2;
    /// Capability 3: reader authentication of all requests (`readerAuthAll`) support.
    pub const READER_AUTH_ALL_SUPPORT: i64 = 3;
    /// Capability 4: extended request support.
    pub const EXTENDED_REQUEST_SUPPORT: i64 = 4;

    /// The value of capability `id`, if present.
    pub fn get(&self, id: i64) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| *k == id).map(|(_, v)| v)
    }
}

/// `DeviceEngagement`, version "1.0" or "1.1".
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceEngagement {
    /// 0: the version.
    pub version: String,
    /// 1: cipher suite and the mdoc's ephemeral key.
    pub security: Security,
    /// 2: how the reader may connect.
    pub device_retrieval_methods: Option<Vec<DeviceRetrievalMethod>>,
    /// 3: server retrieval methods (first edition), as received.
    pub server_retrieval_methods: Option<Value>,
    /// 4: protocol info, as received.
    pub protocol_info: Option<Value>,
    /// 5: origin infos.
    pub origin_infos: Option<Vec<OriginInfo>>,
    /// 6: capabilities.
    pub capabilities: Option<Capabilities>,
    /// Other keys, as received.
    pub rest: IntRest,
}

impl DeviceEngagement {
    /// The device retrieval methods offered (none when the key is absent).
    pub fn retrieval_methods(&self) -> &[DeviceRetrievalMethod] {
        self.device_retrieval_methods.as_deref().unwrap_or_default()
    }

    /// The BLE connection to make, in the order of `preference`, among the retrieval
    /// methods offered.
    pub fn choose_ble(&self, preference: &[BleMode]) -> Option<BleChoice> {
        choose_ble(self.retrieval_methods(), preference)
    }
}

const S: &str = "DeviceEngagement";

impl Decode for Security {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.array_exact(2, |d| {
            Ok(Self {
                cipher_suite: field(d, "Security", "cipher suite")?,
                e_device_key: field(d, "Security", "EDeviceKeyBytes")?,
            })
        })
        .map_err(|e| e.or_at("Security", "(array)"))
    }
}

impl Encode for Security {
    fn encode(&self, e: &mut Encoder) {
        e.array(2).i64(self.cipher_suite);
        self.e_device_key.encode(e);
    }
}

crate::cbor::text_map_codec! {
    OriginInfo as "OriginInfo" {
        cat: "cat" required,
        origin_type: "type" required,
        details: "details" required,
    }
    rest rest
}

impl Decode for Capabilities {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let mut entries = IntRest::new();
        int_map(d, "Capabilities", |d, key| {
            entries.push((key, field(d, "Capabilities", "(capability)")?));
            Ok(())
        })?;
        Ok(Self { entries })
    }
}

impl Encode for Capabilities {
    fn encode(&self, e: &mut Encoder) {
        e.map(self.entries.len());
        for (k, v) in &self.entries {
            e.i64(*k);
            v.encode(e);
        }
    }
}

impl Decode for DeviceEngagement {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let at = d.offset();
        let (
            mut version,
            mut security,
            mut methods,
            mut server,
            mut protocol,
            mut origins,
            mut caps,
        ) = (None, None, None, None, None, None, None);
        let mut rest = IntRest::new();
        int_map(d, S, |d, key| {
            match key {
                0 => version = Some(crate::cbor::fields::version(d, S)?),
                1 => security = Some(field(d, S, "security")?),
                2 => {
                    methods = Some(
                        array_of(d, 1, None, DeviceRetrievalMethod::decode)
                            .map_err(|e| e.at(S, "deviceRetrievalMethods"))?,
                    );
                }
                3 => server = Some(field(d, S, "serverRetrievalMethods")?),
                4 => protocol = Some(field(d, S, "protocolInfo")?),
                5 => {
                    origins = Some(
                        array_of(d, 0, None, OriginInfo::decode)
                            .map_err(|e| e.at(S, "originInfos"))?,
                    );
                }
                6 => caps = Some(field(d, S, "capabilities")?),
                k => rest.push((k, field(d, S, "(other key)")?)),
            }
            Ok(())
        })?;
        Ok(Self {
            version: required(version, S, "version", at)?,
            security: required(security, S, "security", at)?,
            device_retrieval_methods: methods,
            server_retrieval_methods: server,
            protocol_info: protocol,
            origin_infos: origins,
            capabilities: caps,
            rest,
        })
    }
}

impl Encode for DeviceEngagement {
    fn encode(&self, e: &mut Encoder) {
        let n =
            2 + count_some(&[
                self.device_retrieval_methods.is_some(),
                self.server_retrieval_methods.is_some(),
                self.protocol_info.is_some(),
                self.origin_infos.is_some(),
                self.capabilities.is_some(),
            ]) + self.rest.len();
        e.map(n);
        e.u64(0).text(&self.version);
        e.u64(1);
        self.security.encode(e);
        if let Some(methods) = &self.device_retrieval_methods {
            e.u64(2).array(methods.len());
            for m in methods {
                m.encode(e);
            }
        }
        if let Some(v) = &self.server_retrieval_methods {
            e.u64(3);
            v.encode(e);
        }
        if let Some(v) = &self.protocol_info {
            e.u64(4);
            v.encode(e);
        }
        if let Some(origins) = &self.origin_infos {
            e.u64(5).array(origins.len());
            for o in origins {
                o.encode(e);
            }
        }
        if let Some(c) = &self.capabilities {
            e.u64(6);
            c.encode(e);
        }
        for (k, v) in &self.rest {
            e.i64(*k);
            v.encode(e);
        }
    }
}
