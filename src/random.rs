//! The platform CSPRNG, through `getrandom` (WebCrypto `getRandomValues` on
//! wasm32). Call only inside a request: workerd refuses randomness at module load.

use crate::error::{Error, Result};

/// Fill an array with random bytes from the platform CSPRNG.
pub fn bytes<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|_| Error::Config("the platform CSPRNG is unavailable".into()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn two_draws_differ() {
        assert_ne!(super::bytes::<32>().unwrap(), super::bytes::<32>().unwrap());
    }
}
