//! Content-addressed blobs (attachments): the bytes are stored under the SHA-256 of their
//! content, so the same file attached twice is kept once and a key never changes meaning.
//!
//! [`BlobStore`] is the seam; [`LocalBlobs`] keeps blobs in a folder (the default). An
//! S3-compatible store can implement the same trait when several instances must share blobs.

use crate::{Result, StoreError};
use std::path::{Path, PathBuf};

/// Somewhere to keep immutable blobs by content address.
#[async_trait::async_trait]
pub trait BlobStore: Send + Sync + std::fmt::Debug {
    /// Stores `bytes` (idempotently) and returns their key: lowercase hex SHA-256.
    async fn put(&self, bytes: &[u8]) -> Result<String>;
    /// The bytes stored under `key`; `NotFound` if there are none.
    async fn get(&self, key: &str) -> Result<Vec<u8>>;
}

/// Blobs in a local folder, fanned out by the key's first two bytes (`ab/cd/abcd…`).
#[derive(Debug, Clone)]
pub struct LocalBlobs {
    root: PathBuf,
}

impl LocalBlobs {
    /// Blobs under `root`, which is created when the first blob is written.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path_of(&self, key: &str) -> Option<PathBuf> {
        let valid = key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| self.root.join(&key[..2]).join(&key[2..4]).join(key))
    }
}

#[async_trait::async_trait]
impl BlobStore for LocalBlobs {
    async fn put(&self, bytes: &[u8]) -> Result<String> {
        let key = joinedup_core::advice::content_address(bytes);
        let path = self.path_of(&key).expect("a SHA-256 key is valid");
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(key);
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| anyhow::anyhow!("creating blob folder {}: {e}", dir.display()))?;
        // Write beside the final name and rename, so a reader never sees half a file.
        let tmp = dir.join(format!(".{key}.{}", uuid::Uuid::new_v4().simple()));
        tokio::fs::write(&tmp, bytes)
            .await
            .map_err(|e| anyhow::anyhow!("writing blob {}: {e}", tmp.display()))?;
        tokio::fs::rename(&tmp, &path)
            .await
            .map_err(|e| anyhow::anyhow!("storing blob {}: {e}", path.display()))?;
        Ok(key)
    }

    async fn get(&self, key: &str) -> Result<Vec<u8>> {
        let path = self.path_of(key).ok_or(StoreError::NotFound)?;
        match tokio::fs::read(&path).await {
            Ok(b) => Ok(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StoreError::NotFound),
            Err(e) => Err(anyhow::anyhow!("reading blob {}: {e}", path.display()).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_blob_is_stored_once_under_its_content_address_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = LocalBlobs::new(dir.path());
        let a = blobs.put(b"%PDF-1.7 hello").await.unwrap();
        let b = blobs.put(b"%PDF-1.7 hello").await.unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(blobs.get(&a).await.unwrap(), b"%PDF-1.7 hello");
        assert!(matches!(
            blobs.get(&"0".repeat(64)).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            blobs.get("../../etc/passwd").await,
            Err(StoreError::NotFound)
        ));
    }
}
