//! The core's SHA-256 agrees with the RustCrypto implementation on any input.

use jl_consent_core::sha256::sha256;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn digests_match_a_reference_implementation(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        let reference: [u8; 32] = Sha256::digest(&data).into();
        prop_assert_eq!(sha256(&data), reference);
    }
}
