//! The list, its codec and the IETF draft's vectors (no crypto here: signing and
//! verifying are tested in `tests/status_lists.rs` under every backend).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use super::*;
use crate::cbor::{Decode, DecodeErrorKind, Encode, Label, Value};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/test-vectors/status-list");

/// The hex of a vector file: all of it, or what follows `encoded:`.
fn vector(name: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(format!("{DIR}/{name}")).unwrap();
    let hex_text = text.split("encoded:").last().unwrap();
    let hex_text: String = hex_text.chars().filter(|c| !c.is_whitespace()).collect();
    hex::decode(hex_text).unwrap()
}

/// The statuses the draft's appendix sets in its 2^20-entry list of `bits` bits.
fn appendix_statuses(bits: u8) -> Vec<(u64, u8)> {
    let text = std::fs::read_to_string(format!("{DIR}/draft-appendix-test-vectors.md")).unwrap();
    let heading = format!("## {bits}-bit Status List");
    let section = text.split(&heading).nth(1).unwrap();
    let section = section.split("## ").next().unwrap();
    section
        .lines()
        .filter(|line| line.starts_with("status["))
        .map(|line| {
            let (index, value) = line.split_once('=').unwrap();
            let index = index
                .trim()
                .trim_start_matches("status[")
                .trim_end_matches(']');
            let value = value.trim().trim_start_matches("0b");
            (
                index.parse().unwrap(),
                u8::from_str_radix(value, 2).unwrap(),
            )
        })
        .collect()
}

#[test]
fn one_bit_vector_of_section_4_1() {
    let statuses = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1];
    let bytes = vector("status_list_encoding_cbor.md");
    assert_eq!(
        hex::encode(&bytes),
        "a2646269747301636c73744a78dadbb918000217015d"
    );
    let received = CompressedStatusList::from_cbor(&bytes).unwrap();
    assert_eq!(received.to_cbor(), bytes, "re-encoded byte for byte");
    let list = received.decompress(DEFAULT_MAX_LIST_BYTES).unwrap();
    assert_eq!(list.as_bytes(), &[0xb9, 0xa3]);
    for (i, value) in (0u64..).zip(statuses.iter()) {
        assert_eq!(list.get(i).unwrap().value(), *value, "index {i}");
    }
    // Built by set, the same bytes; compressed by us, the same CBOR as the draft's.
    let mut built = StatusList::new(1, 16).unwrap();
    for (i, value) in (0u64..).zip(statuses.iter()) {
        built.set(i, Status::from_value(*value)).unwrap();
    }
    assert_eq!(built, list);
    assert_eq!(CompressedStatusList::compress(&built).to_cbor(), bytes);
}

#[test]
fn two_bit_vector_of_section_4_1() {
    let statuses = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3];
    let bytes = vector("status_list_encoding2_cbor.md");
    assert_eq!(
        hex::encode(&bytes),
        "a2646269747302636c73744b78da3be9f2130003df0207"
    );
    let received = CompressedStatusList::from_cbor(&bytes).unwrap();
    assert_eq!(received.to_cbor(), bytes);
    let list = received.decompress(DEFAULT_MAX_LIST_BYTES).unwrap();
    assert_eq!(list.as_bytes(), &[0xc9, 0x44, 0xf9]);
    let mut built = StatusList::new(2, 12).unwrap();
    for (i, value) in (0u64..).zip(statuses.iter()) {
        assert_eq!(list.get(i).unwrap().value(), *value, "index {i}");
        built.set(i, Status::from_value(*value)).unwrap();
    }
    assert_eq!(built, list);
    assert_eq!(CompressedStatusList::compress(&built).to_cbor(), bytes);
}

/// The appendix's 2^20-entry lists: decoded and re-encoded byte for byte, the list equal
/// to one built from the appendix's statuses; our own compression decompresses to it.
fn long_vector(bits: u8, file: &str) {
    let bytes = vector(file);
    let received = CompressedStatusList::from_cbor(&bytes).unwrap();
    assert_eq!(
        received.to_cbor(),
        bytes,
        "{file}: re-encoded byte for byte"
    );
    assert_eq!(received.bits, u64::from(bits));
    let list = received.decompress(DEFAULT_MAX_LIST_BYTES).unwrap();
    assert_eq!(list.len(), 1 << 20, "{file}");
    let statuses = appendix_statuses(bits);
    assert!(statuses.len() >= 11, "{file}: statuses parsed");
    let mut built = StatusList::new(bits, 1 << 20).unwrap();
    for (index, value) in &statuses {
        built.set(*index, Status::from_value(*value)).unwrap();
    }
    for (index, value) in &statuses {
        assert_eq!(
            list.get(*index).unwrap().value(),
            *value,
            "{file} [{index}]"
        );
    }
    let differ: Vec<u64> = (0..list.len())
        .filter(|i| built.get(*i) != list.get(*i))
        .take(8)
        .collect();
    assert!(
        differ.is_empty(),
        "{file}: entries not as the appendix says: {differ:?}"
    );
    let ours = CompressedStatusList::compress(&built);
    assert_eq!(ours.decompress(DEFAULT_MAX_LIST_BYTES).unwrap(), list);
    // Too small a limit: refused, not truncated.
    assert_eq!(
        received.decompress(list.as_bytes().len() - 1),
        Err(StatusListError::TooLarge {
            limit: list.as_bytes().len() - 1
        })
    );
}

#[test]
fn long_vectors_of_the_appendix() {
    long_vector(1, "status_list_encoding1_long_cbor.md");
    long_vector(2, "status_list_encoding2_long_cbor.md");
    long_vector(4, "status_list_encoding4_cbor.md");
    long_vector(8, "status_list_encoding8_cbor.md");
}

#[test]
fn the_drafts_cwt_example_decodes() {
    let bytes = vector("status_list_cwt.md");
    let (sign1, claims) = decode_token(&bytes, &ListVerifyOptions::default().limits).unwrap();
    assert!(sign1.is_tagged());
    assert_eq!(sign1.alg(), Some(-7));
    assert_eq!(sign1.unprotected().kid.as_deref(), Some(&b"12"[..]));
    let typ = sign1
        .protected()
        .header()
        .rest
        .iter()
        .find(|(l, _)| *l == Label::Int(HEADER_TYP))
        .map(|(_, v)| v.clone());
    assert_eq!(typ, Some(Value::from("application/statuslist+cwt")));
    assert_eq!(
        claims.sub.as_deref(),
        Some("https://example.com/statuslists/1")
    );
    assert_eq!(claims.iat, Some(1_686_920_170));
    assert_eq!(claims.exp, Some(2_291_720_170));
    assert_eq!(claims.ttl, Some(43_200));
    let list = claims.status_list.as_ref().unwrap();
    assert_eq!(
        list.decompress(DEFAULT_MAX_LIST_BYTES).unwrap().as_bytes(),
        &[0xb9, 0xa3]
    );
    // The draft writes the claims 2, 6, 4, 65534, 65533, not in deterministic order
    // (which we write: 2, 4, 6, 65533, 65534): equal values, other bytes. The signature
    // covers the bytes received, so nothing is re-encoded to verify.
    let payload = sign1.payload().unwrap();
    assert_ne!(claims.to_cbor(), payload);
    assert_eq!(ListClaims::from_cbor(&claims.to_cbor()).unwrap(), claims);
    assert_eq!(payload[..3], [0xa5, 0x02, 0x78]);
}

#[test]
fn bit_order_and_widths() {
    for bits in [1u8, 2, 4, 8] {
        let mut list = StatusList::new(bits, 100).unwrap();
        assert!(list.len() >= 100 && list.len() < 100 + 8 / u64::from(bits));
        let top = u8::MAX >> (8 - bits);
        list.set(0, Status::from_value(top)).unwrap();
        // Entry 0 sits in the least significant bits of byte 0.
        assert_eq!(list.as_bytes()[0], top);
        list.set(0, Status::Valid).unwrap();
        list.set(99, Status::Invalid).unwrap();
        assert_eq!(list.get(99).unwrap(), Status::Invalid);
        assert_eq!(list.get(98).unwrap(), Status::Valid);
        let last_bit = 99 * usize::from(bits);
        assert_eq!(list.as_bytes()[last_bit / 8], 1 << (last_bit % 8));
    }
    assert_eq!(StatusList::new(3, 8), Err(StatusListError::InvalidBits(3)));
    assert_eq!(StatusList::new(0, 8), Err(StatusListError::InvalidBits(0)));
    assert!(matches!(
        StatusList::new(8, u64::MAX),
        Err(StatusListError::TooLarge { .. })
    ));
}

#[test]
fn values_that_do_not_fit_and_indexes_beyond() {
    let mut one = StatusList::new(1, 8).unwrap();
    assert_eq!(
        one.set(0, Status::Suspended),
        Err(StatusListError::ValueTooWide { value: 2, bits: 1 })
    );
    assert_eq!(
        one.set(8, Status::Invalid),
        Err(StatusListError::IndexOutOfRange { index: 8, len: 8 })
    );
    assert_eq!(
        one.get(8),
        Err(StatusListError::IndexOutOfRange { index: 8, len: 8 })
    );
    assert_eq!(
        one.get(u64::MAX),
        Err(StatusListError::IndexOutOfRange {
            index: u64::MAX,
            len: 8
        })
    );
    let empty = StatusList::new(1, 0).unwrap();
    assert!(empty.is_empty());
    assert!(empty.get(0).is_err());
    let mut eight = StatusList::new(8, 2).unwrap();
    eight.set(1, Status::Other(0xff)).unwrap();
    assert_eq!(eight.get(1).unwrap(), Status::Other(0xff));
    assert_eq!(Status::from_value(3), Status::Other(3));
    assert_eq!(Status::Other(3).name(), "0x03");
    assert_eq!(Status::Suspended.to_string(), "suspended");
}

#[test]
fn decompression_is_bounded_and_strict() {
    // 16 MiB of zeros compress to a few KiB; the default limit refuses them.
    let bomb = StatusList::new(8, 16 << 20).unwrap();
    let compressed = CompressedStatusList::compress(&bomb);
    assert!(compressed.lst.len() < 64 * 1024);
    assert_eq!(
        compressed.decompress(DEFAULT_MAX_LIST_BYTES),
        Err(StatusListError::TooLarge {
            limit: DEFAULT_MAX_LIST_BYTES
        })
    );
    // A truncated stream, raw DEFLATE without the zlib header, and garbage.
    let good = CompressedStatusList::compress(&StatusList::new(1, 1024).unwrap());
    let mut truncated = good.clone();
    truncated.lst.truncate(good.lst.len() - 3);
    assert_eq!(
        truncated.decompress(DEFAULT_MAX_LIST_BYTES),
        Err(StatusListError::Compression)
    );
    let mut raw = good.clone();
    raw.lst = good.lst[2..].to_vec();
    assert_eq!(
        raw.decompress(DEFAULT_MAX_LIST_BYTES),
        Err(StatusListError::Compression)
    );
    let mut bad_bits = good.clone();
    bad_bits.bits = 3;
    assert_eq!(
        bad_bits.decompress(DEFAULT_MAX_LIST_BYTES),
        Err(StatusListError::InvalidBits(3))
    );
}

#[test]
fn status_list_codec_rejects() {
    // {"bits": 1}: lst missing.
    let missing = Value::Map(vec![(Value::from("bits"), Value::from(1u64))]).to_cbor();
    let e = CompressedStatusList::from_cbor(&missing).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::MissingField);
    // lst as text.
    let text = Value::Map(vec![
        (Value::from("bits"), Value::from(1u64)),
        (Value::from("lst"), Value::from("x")),
    ])
    .to_cbor();
    assert!(CompressedStatusList::from_cbor(&text).is_err());
    // An aggregation_uri and an unknown key are kept.
    let with = Value::Map(vec![
        (Value::from("bits"), Value::from(1u64)),
        (Value::from("lst"), Value::Bytes(vec![1])),
        (Value::from("aggregation_uri"), Value::from("https://a")),
        (Value::from("x"), Value::from(2u64)),
    ])
    .to_cbor();
    let decoded = CompressedStatusList::from_cbor(&with).unwrap();
    assert_eq!(decoded.aggregation_uri.as_deref(), Some("https://a"));
    assert_eq!(decoded.rest.len(), 1);
    assert_eq!(decoded.to_cbor(), with);
}

#[test]
fn identifier_list_codec() {
    let mut list = IdentifierList::new();
    assert!(list.insert(vec![0xcc, 0xcc]));
    assert!(list.insert(vec![0xab, 0xcd]));
    assert!(list.insert(vec![0xaa, 0xaa]));
    assert!(list.insert(vec![0x01]));
    assert!(!list.insert(vec![0xaa, 0xaa]));
    list.aggregation_uri = Some("https://example.com/identifierlists/aggregation".into());
    let bytes = list.to_cbor();
    // Deterministic order: the one-byte key first, then byte order.
    let ids: Vec<&[u8]> = list.identifiers().map(|(id, _)| id).collect();
    assert_eq!(
        ids,
        [&[0x01][..], &[0xaa, 0xaa], &[0xab, 0xcd], &[0xcc, 0xcc]]
    );
    let decoded = IdentifierList::from_cbor(&bytes).unwrap();
    assert_eq!(decoded, list);
    assert!(decoded.contains(&[0xab, 0xcd]));
    assert!(!decoded.contains(&[0xab]));
    assert!(list.remove(&[0x01]));
    assert!(!list.remove(&[0x01]));
    assert_eq!(list.len(), 3);

    // A duplicate identifier is refused.
    let dup = Value::Map(vec![(
        Value::from("identifiers"),
        Value::Map(vec![
            (Value::Bytes(vec![1]), Value::Map(vec![])),
            (Value::Bytes(vec![1]), Value::Map(vec![])),
        ]),
    )])
    .to_cbor();
    assert_eq!(
        IdentifierList::from_cbor(&dup).unwrap_err().kind(),
        DecodeErrorKind::DuplicateKey
    );
    // A text identifier is refused (Identifier = bstr).
    let text = Value::Map(vec![(
        Value::from("identifiers"),
        Value::Map(vec![(Value::from("id"), Value::Map(vec![]))]),
    )])
    .to_cbor();
    assert!(IdentifierList::from_cbor(&text).is_err());
    // "identifiers" is required.
    let none = Value::Map(vec![]).to_cbor();
    assert_eq!(
        IdentifierList::from_cbor(&none).unwrap_err().kind(),
        DecodeErrorKind::MissingField
    );
    // IdentifierInfo entries (int and text keys) are kept.
    let info = Value::Map(vec![(
        Value::from("identifiers"),
        Value::Map(vec![(
            Value::Bytes(vec![7]),
            Value::Map(vec![
                (Value::from(1u64), Value::from(2u64)),
                (Value::from("reason"), Value::from("x")),
            ]),
        )]),
    )])
    .to_cbor();
    let decoded = IdentifierList::from_cbor(&info).unwrap();
    assert_eq!(decoded.identifiers().next().unwrap().1.entries.len(), 2);
    assert_eq!(decoded.to_cbor(), info);
}

#[test]
fn claims_codec_order_and_rest() {
    let claims = ListClaims {
        sub: Some("https://x".into()),
        iat: Some(1),
        exp: Some(2),
        ttl: Some(3),
        status_list: Some(CompressedStatusList::compress(
            &StatusList::new(1, 8).unwrap(),
        )),
        identifier_list: Some(IdentifierList::new()),
        rest: vec![(Label::Int(-70_000), Value::from(1u64))],
    };
    let bytes = claims.to_cbor();
    assert_eq!(ListClaims::from_cbor(&bytes).unwrap(), claims);
    // Keys in deterministic order: 2, 4, 6, 65530, 65533, 65534.
    let Value::Map(entries) = Value::from_cbor(&bytes).unwrap() else {
        panic!("a map")
    };
    let keys: Vec<Value> = entries.into_iter().map(|(k, _)| k).collect();
    let expected: Vec<Value> = [2i64, 4, 6, 65530, 65533, 65534, -70_000]
        .iter()
        .map(|k| Value::from(*k))
        .collect();
    assert_eq!(keys, expected);
    // A non-integer iat is refused.
    let bad = Value::Map(vec![(Value::from(6u64), Value::from("now"))]).to_cbor();
    assert!(ListClaims::from_cbor(&bad).is_err());
}

#[test]
fn error_names_and_sources() {
    use core::error::Error as _;
    let e = ListError::List(StatusListError::IndexOutOfRange { index: 9, len: 8 });
    assert_eq!(e.name(), "index_out_of_range");
    assert!(e.source().is_some());
    assert_eq!(ListError::Expired { exp: 1 }.name(), "expired");
    assert_eq!(
        ListKind::IdentifierList.typ(),
        "application/identifierlist+cwt"
    );
    assert!(!ListError::SubjectMismatch.to_string().is_empty());
}

/// A deterministic random source: a counter run through a multiplicative hash.
struct Counter(u64);

impl crate::crypto::RandomSource for Counter {
    fn fill(&mut self, out: &mut [u8]) -> Result<(), crate::crypto::CryptoError> {
        for chunk in out.chunks_mut(8) {
            self.0 = self.0.wrapping_add(1);
            let word = self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15).to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Ok(())
    }
}

/// Always the same bytes: every probe lands on the same index.
struct Stuck;

impl crate::crypto::RandomSource for Stuck {
    fn fill(&mut self, out: &mut [u8]) -> Result<(), crate::crypto::CryptoError> {
        out.fill(0);
        Ok(())
    }
}

struct Broken;

impl crate::crypto::RandomSource for Broken {
    fn fill(&mut self, _: &mut [u8]) -> Result<(), crate::crypto::CryptoError> {
        Err(crate::crypto::CryptoError::RandomUnavailable)
    }
}

#[test]
fn indexes_are_handed_out_once_until_the_list_is_full() {
    // 13 indexes: not a whole number of bytes.
    let mut indexes = IndexAllocator::new(13).unwrap();
    let mut rng = Counter(7);
    let mut seen = Vec::new();
    for _ in 0..13 {
        let index = indexes.allocate(&mut rng).unwrap();
        assert!(index < 13 && !seen.contains(&index), "{index} in {seen:?}");
        seen.push(index);
    }
    assert_eq!(indexes.remaining(), 0);
    assert_eq!(
        indexes.allocate(&mut rng),
        Err(AllocateError::Full { len: 13 })
    );
    // Not in issuance order.
    assert_ne!(seen, (0..13).collect::<Vec<u64>>());
    // A source stuck on one value still finds the free ones (by rank), each once.
    let mut indexes = IndexAllocator::new(20).unwrap();
    let got: Vec<u64> = (0..20)
        .map(|_| indexes.allocate(&mut Stuck).unwrap())
        .collect();
    let mut sorted = got.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..20).collect::<Vec<u64>>());
    assert_eq!(
        IndexAllocator::new(4)
            .unwrap()
            .allocate(&mut Broken)
            .unwrap_err(),
        AllocateError::Random(crate::crypto::CryptoError::RandomUnavailable)
    );
    assert_eq!(
        IndexAllocator::new(0).unwrap().allocate(&mut rng),
        Err(AllocateError::Full { len: 0 })
    );
}

#[test]
fn an_allocator_is_kept_and_restored() {
    let list = StatusList::new(2, 12).unwrap();
    let mut indexes = IndexAllocator::for_list(&list);
    assert_eq!(indexes.len(), 12);
    assert_eq!(indexes.mark(3), Ok(true));
    assert_eq!(indexes.mark(3), Ok(false));
    assert_eq!(indexes.mark(11), Ok(true));
    assert_eq!(
        indexes.mark(12),
        Err(StatusListError::IndexOutOfRange { index: 12, len: 12 })
    );
    assert!(!indexes.is_allocated(12));
    assert_eq!(indexes.as_bytes(), &[0b0000_1000, 0b0000_1000]);
    // Bits beyond the list are ignored when restoring; a short bitmap is refused.
    let restored = IndexAllocator::from_bytes(12, vec![0b0000_1000, 0xf8, 0xff]).unwrap();
    assert_eq!(restored, indexes);
    assert_eq!(restored.remaining(), 10);
    assert!(IndexAllocator::from_bytes(17, vec![0, 0]).is_err());
    // The bitmap is a 1-bit status list: allocated indexes read as INVALID.
    let as_list = StatusList::from_bytes(1, indexes.as_bytes().to_vec()).unwrap();
    assert_eq!(as_list.get(11), Ok(Status::Invalid));
    assert_eq!(
        AllocateError::Full { len: 3 }.to_string(),
        "all 3 indexes of the list are in use"
    );
}
