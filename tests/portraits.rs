//! The portrait and eMRTD checks through the public API: mutated test vectors never
//! panic, and whatever is accepted keeps the properties the fuzz targets check.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;

#[path = "../fuzz/checks.rs"]
mod checks;

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/test-vectors/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8)], cut: usize) -> Vec<u8> {
    for (at, value) in edits {
        let len = bytes.len();
        bytes[at % len] = *value;
    }
    bytes.truncate(bytes.len() - cut % bytes.len().min(64));
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn mutated_images_are_reported_or_refused(
        which in 0usize..4,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        cut in any::<usize>(),
    ) {
        let name = ["with-metadata.jpg", "progressive.jpg", "with-metadata.jp2", "portrait.j2k"][which];
        let bytes = mutate(read(&format!("portraits/{name}")), &edits, cut);
        checks::portrait_metadata(&bytes);
    }

    #[test]
    fn mutated_data_groups_are_checked_or_refused(
        which in 0usize..5,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        cut in any::<usize>(),
    ) {
        let name = ["dg2.bin", "dg3.bin", "dg4.bin", "biometric_template_face.bin", "sod-structure.bin"][which];
        let bytes = mutate(read(&format!("emrtd/{name}")), &edits, cut);
        checks::emrtd(&bytes);
    }
}

/// A verifier's view of a disclosed portrait: the upload carries GPS, the issuer's
/// output nothing.
#[test]
fn verifier_sees_gps_in_an_unstripped_portrait() {
    use iso18013::portrait::metadata;
    assert!(
        metadata(&read("portraits/with-metadata.jpg"))
            .unwrap()
            .has_gps()
    );
    assert!(
        metadata(&read("portraits/with-metadata.jp2"))
            .unwrap()
            .has_gps()
    );
    assert!(
        metadata(&read("portraits/stripped/with-metadata.jpg"))
            .unwrap()
            .is_clean()
    );
    assert!(
        metadata(&read("portraits/stripped/with-metadata.jp2"))
            .unwrap()
            .is_clean()
    );
}

/// The face inside DG2 is the clean portrait, and an issuer accepts it as it is.
#[cfg(feature = "portrait")]
#[test]
fn the_face_in_dg2_is_an_acceptable_portrait() {
    use iso18013::emrtd::{DataGroup, parse_data_group};
    use iso18013::portrait::{Portrait, PortraitLimits};
    let dg2 = read("emrtd/dg2.bin");
    let group = parse_data_group(&dg2, DataGroup::Dg2).unwrap();
    let face = group.face_images().next().unwrap();
    let portrait = Portrait::accept(face.data, &PortraitLimits::default()).unwrap();
    assert!(portrait.removed().is_empty());
    assert_eq!(portrait.bytes(), face.data);
}
