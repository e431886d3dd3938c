//! `DeviceRetrievalMethod` and its per-transport options (BLE, NFC, Wi-Fi Aware).

use alloc::vec::Vec;

use crate::cbor::map::{count_some, field, int_map, required};
use crate::cbor::{Decode, DecodeError, DecodeErrorKind, Decoder, Encode, Encoder, Value};

/// Unknown integer-keyed entries, kept as received.
pub type IntRest = Vec<(i64, Value)>;

fn encode_int_rest(e: &mut Encoder, rest: &IntRest) {
    for (k, v) in rest {
        e.i64(*k);
        v.encode(e);
    }
}

/// `DeviceRetrievalMethod = [type, version, RetrievalOptions]`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceRetrievalMethod {
    /// The method's version (1 for every method defined so far).
    pub version: u64,
    /// The transport and its options.
    pub options: RetrievalOptions,
}

/// The transport of a retrieval method, with its options.
#[derive(Clone, Debug, PartialEq)]
pub enum RetrievalOptions {
    /// Type 1.
    Nfc(NfcOptions),
    /// Type 2.
    Ble(BleOptions),
    /// Type 3.
    WifiAware(WifiAwareOptions),
    /// Any other type (HTTP per ISO/IEC TS 18013-7, private negative types), kept as received.
    Other {
        /// The type number.
        method_type: i64,
        /// The options as received.
        options: Value,
    },
}

impl RetrievalOptions {
    /// The method's type number.
    pub fn method_type(&self) -> i64 {
        match self {
            Self::Nfc(_) => 1,
            Self::Ble(_) => 2,
            Self::WifiAware(_) => 3,
            Self::Other { method_type, .. } => *method_type,
        }
    }
}

/// BLE options (type 2).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BleOptions {
    /// 0: mdoc peripheral server mode supported.
    pub peripheral_server_mode: bool,
    /// 1: mdoc central client mode supported.
    pub central_client_mode: bool,
    /// 10: service UUID for peripheral server mode.
    pub peripheral_server_uuid: Option<[u8; 16]>,
    /// 11: service UUID for central client mode.
    pub central_client_uuid: Option<[u8; 16]>,
    /// 20: the mdoc's BLE device address, for peripheral server mode.
    pub peripheral_server_address: Option<Vec<u8>>,
    /// 21: L2CAP PSM for peripheral server mode (second-edition drafts).
    pub l2cap_psm: Option<u64>,
    /// Other options, kept as received.
    pub rest: IntRest,
}

/// NFC options (type 1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NfcOptions {
    /// 0: maximum length of command data field.
    pub max_command_data_length: u64,
    /// 1: maximum length of response data field.
    pub max_response_data_length: u64,
    /// Other options, kept as received.
    pub rest: IntRest,
}

/// Wi-Fi Aware options (type 3).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WifiAwareOptions {
    /// 0: pass-phrase info.
    pub passphrase: Option<alloc::string::String>,
    /// 1: channel info, operating class.
    pub channel_info_operating_class: Option<u64>,
    /// 2: channel info, channel number.
    pub channel_info_channel_number: Option<u64>,
    /// 3: supported bands.
    pub band_info: Option<Vec<u8>>,
    /// Other options, kept as received.
    pub rest: IntRest,
}

fn uuid(d: &mut Decoder<'_>, name: &'static str) -> Result<[u8; 16], DecodeError> {
    let at = d.offset();
    let b = field::<Vec<u8>>(d, "BleOptions", name)?;
    <[u8; 16]>::try_from(b.as_slice()).map_err(|_| {
        DecodeError::new(DecodeErrorKind::InvalidValue("UUID is not 16 bytes"), at)
            .at("BleOptions", name)
    })
}

impl Decode for BleOptions {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "BleOptions";
        let at = d.offset();
        let (mut ps, mut cc) = (None, None);
        let mut o = BleOptions::default();
        int_map(d, S, |d, key| {
            match key {
                0 => ps = Some(field(d, S, "peripheral server mode")?),
                1 => cc = Some(field(d, S, "central client mode")?),
                10 => o.peripheral_server_uuid = Some(uuid(d, "peripheral server UUID")?),
                11 => o.central_client_uuid = Some(uuid(d, "central client UUID")?),
                20 => o.peripheral_server_address = Some(field(d, S, "device address")?),
                21 => o.l2cap_psm = Some(field(d, S, "L2CAP PSM")?),
                k => o.rest.push((k, field(d, S, "(other option)")?)),
            }
            Ok(())
        })?;
        o.peripheral_server_mode = required(ps, S, "peripheral server mode", at)?;
        o.central_client_mode = required(cc, S, "central client mode", at)?;
        Ok(o)
    }
}

impl Encode for BleOptions {
    fn encode(&self, e: &mut Encoder) {
        let n =
            2 + count_some(&[
                self.peripheral_server_uuid.is_some(),
                self.central_client_uuid.is_some(),
                self.peripheral_server_address.is_some(),
                self.l2cap_psm.is_some(),
            ]) + self.rest.len();
        e.map(n);
        e.u64(0).bool(self.peripheral_server_mode);
        e.u64(1).bool(self.central_client_mode);
        if let Some(u) = &self.peripheral_server_uuid {
            e.u64(10).bytes(u);
        }
        if let Some(u) = &self.central_client_uuid {
            e.u64(11).bytes(u);
        }
        if let Some(a) = &self.peripheral_server_address {
            e.u64(20).bytes(a);
        }
        if let Some(p) = self.l2cap_psm {
            e.u64(21).u64(p);
        }
        encode_int_rest(e, &self.rest);
    }
}

impl Decode for NfcOptions {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "NfcOptions";
        let at = d.offset();
        let (mut c, mut r) = (None, None);
        let mut rest = IntRest::new();
        int_map(d, S, |d, key| {
            match key {
                0 => c = Some(field(d, S, "max command data length")?),
                1 => r = Some(field(d, S, "max response data length")?),
                k => rest.push((k, field(d, S, "(other option)")?)),
            }
            Ok(())
        })?;
        Ok(Self {
            max_command_data_length: required(c, S, "max command data length", at)?,
            max_response_data_length: required(r, S, "max response data length", at)?,
            rest,
        })
    }
}

impl Encode for NfcOptions {
    fn encode(&self, e: &mut Encoder) {
        e.map(2 + self.rest.len());
        e.u64(0).u64(self.max_command_data_length);
        e.u64(1).u64(self.max_response_data_length);
        encode_int_rest(e, &self.rest);
    }
}

impl Decode for WifiAwareOptions {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "WifiAwareOptions";
        let mut o = WifiAwareOptions::default();
        int_map(d, S, |d, key| {
            match key {
                0 => o.passphrase = Some(field(d, S, "passphrase")?),
                1 => o.channel_info_operating_class = Some(field(d, S, "operating class")?),
                2 => o.channel_info_channel_number = Some(field(d, S, "channel number")?),
                3 => o.band_info = Some(field(d, S, "band info")?),
                k => o.rest.push((k, field(d, S, "(other option)")?)),
            }
            Ok(())
        })?;
        Ok(o)
    }
}

impl Encode for WifiAwareOptions {
    fn encode(&self, e: &mut Encoder) {
        let n = count_some(&[
            self.passphrase.is_some(),
            self.channel_info_operating_class.is_some(),
            self.channel_info_channel_number.is_some(),
            self.band_info.is_some(),
        ]) + self.rest.len();
        e.map(n);
        if let Some(p) = &self.passphrase {
            e.u64(0).text(p);
        }
        if let Some(c) = self.channel_info_operating_class {
            e.u64(1).u64(c);
        }
        if let Some(c) = self.channel_info_channel_number {
            e.u64(2).u64(c);
        }
        if let Some(b) = &self.band_info {
            e.u64(3).bytes(b);
        }
        encode_int_rest(e, &self.rest);
    }
}

impl Decode for DeviceRetrievalMethod {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "DeviceRetrievalMethod";
        d.array_exact(3, |d| {
            let method_type = field::<i64>(d, S, "type")?;
            let version = field::<u64>(d, S, "version")?;
            let options = match method_type {
                1 => RetrievalOptions::Nfc(field(d, S, "options")?),
                2 => RetrievalOptions::Ble(field(d, S, "options")?),
                3 => RetrievalOptions::WifiAware(field(d, S, "options")?),
                _ => RetrievalOptions::Other {
                    method_type,
                    options: field(d, S, "options")?,
                },
            };
            Ok(Self { version, options })
        })
        .map_err(|e| e.or_at(S, "(array)"))
    }
}

impl Encode for DeviceRetrievalMethod {
    fn encode(&self, e: &mut Encoder) {
        e.array(3).i64(self.options.method_type()).u64(self.version);
        match &self.options {
            RetrievalOptions::Nfc(o) => o.encode(e),
            RetrievalOptions::Ble(o) => o.encode(e),
            RetrievalOptions::WifiAware(o) => o.encode(e),
            RetrievalOptions::Other { options, .. } => options.encode(e),
        }
    }
}

/// A random (version 4) UUID for a BLE service, as the holder makes one per engagement.
///
/// # Errors
/// When the random source fails.
pub fn random_service_uuid(
    rng: &mut dyn crate::crypto::RandomSource,
) -> Result<[u8; 16], crate::crypto::CryptoError> {
    let mut uuid = [0u8; 16];
    rng.fill(&mut uuid)?;
    if let Some(b) = uuid.get_mut(6) {
        *b = (*b & 0x0f) | 0x40; // version 4
    }
    if let Some(b) = uuid.get_mut(8) {
        *b = (*b & 0x3f) | 0x80; // RFC 4122 variant
    }
    Ok(uuid)
}

/// Which BLE role the mdoc plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BleMode {
    /// mdoc peripheral server mode: the mdoc advertises, the reader connects as central.
    PeripheralServer,
    /// mdoc central client mode: the reader advertises, the mdoc connects as central.
    CentralClient,
}

/// A BLE connection the reader chose from an engagement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BleChoice {
    /// The mode.
    pub mode: BleMode,
    /// The GATT service UUID to scan for (peripheral server mode) or to advertise
    /// (central client mode).
    pub service_uuid: [u8; 16],
    /// The mdoc's device address, when given (peripheral server mode).
    pub address: Option<Vec<u8>>,
}

impl BleOptions {
    /// Options offering `mode` with `service_uuid`.
    pub fn new(mode: BleMode, service_uuid: [u8; 16]) -> Self {
        match mode {
            BleMode::PeripheralServer => Self {
                peripheral_server_mode: true,
                peripheral_server_uuid: Some(service_uuid),
                ..Self::default()
            },
            BleMode::CentralClient => Self {
                central_client_mode: true,
                central_client_uuid: Some(service_uuid),
                ..Self::default()
            },
        }
    }

    /// Options offering both modes with the same service UUID.
    pub fn both(service_uuid: [u8; 16]) -> Self {
        Self {
            peripheral_server_mode: true,
            central_client_mode: true,
            peripheral_server_uuid: Some(service_uuid),
            central_client_uuid: Some(service_uuid),
            ..Self::default()
        }
    }

    /// The mode to use, in the reader's order of preference, among those offered with a
    /// service UUID.
    pub fn choose(&self, preference: &[BleMode]) -> Option<BleChoice> {
        preference.iter().find_map(|mode| match mode {
            BleMode::PeripheralServer if self.peripheral_server_mode => {
                self.peripheral_server_uuid.map(|service_uuid| BleChoice {
                    mode: *mode,
                    service_uuid,
                    address: self.peripheral_server_address.clone(),
                })
            }
            BleMode::CentralClient if self.central_client_mode => {
                self.central_client_uuid.map(|service_uuid| BleChoice {
                    mode: *mode,
                    service_uuid,
                    address: None,
                })
            }
            _ => None,
        })
    }
}

impl DeviceRetrievalMethod {
    /// A BLE retrieval method (type 2, version 1).
    pub fn ble(options: BleOptions) -> Self {
        Self {
            version: 1,
            options: RetrievalOptions::Ble(options),
        }
    }
}

/// The first BLE connection `methods` offer in a mode of `preference`.
///
/// ```
/// use iso18013::engagement::{choose_ble, BleMode, BleOptions, DeviceRetrievalMethod};
/// let methods = [DeviceRetrievalMethod::ble(BleOptions::both([7; 16]))];
/// let choice = choose_ble(&methods, &[BleMode::PeripheralServer]).unwrap();
/// assert_eq!((choice.mode, choice.service_uuid), (BleMode::PeripheralServer, [7; 16]));
/// ```
pub fn choose_ble(methods: &[DeviceRetrievalMethod], preference: &[BleMode]) -> Option<BleChoice> {
    preference.iter().find_map(|mode| {
        methods.iter().find_map(|m| match &m.options {
            RetrievalOptions::Ble(options) => options.choose(core::slice::from_ref(mode)),
            _ => None,
        })
    })
}
