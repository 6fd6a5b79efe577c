//! Segment facts kept on disk beside the index, one file per segment, so that a new process
//! does not scan every passage again.
//!
//! [`super::segment_facts`] decodes, per segment, each passage's document number and facet set.
//! A server does it once, but every one-shot command (`seisaku search`, `facets`) paid it in
//! full: about 10 ms on the laws' 329,262 passages, growing with the corpus. A segment never
//! changes, so its scan is written once to `facts/<segment id>.facts` in the index folder by the
//! first process that makes it, and read back (a few array copies) by the next ones.
//!
//! The file is a cache: a missing, unreadable, truncated or corrupt file (its BLAKE3 sum is
//! checked), or one of another format version, is scanned again and rewritten; a folder that
//! cannot be written (a read-only index) only costs the scan. Writes go through a temporary
//! file and a rename, so a reader never sees half a file. Files of segments the index no
//! longer has are removed whenever a scan writes a new file.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use tantivy::index::SegmentId;

use super::segment_facts::{FacetSets, Scan};
use crate::index::schema::FacetRoot;

/// The folder of the files, inside the index folder.
pub const FOLDER: &str = "facts";

/// First bytes of a file; the digit is the format version (bump it when [`Scan`] changes).
const MAGIC: &[u8; 8] = b"SKFACTS2";

/// The files' extension.
const EXTENSION: &str = "facts";

/// The facts files of one index.
#[derive(Debug, Clone)]
pub struct FactsStore {
    folder: PathBuf,
}

impl FactsStore {
    /// The store in `folder` (created when a file is first written).
    pub fn new(folder: impl Into<PathBuf>) -> Self {
        Self { folder: folder.into() }
    }

    fn file(&self, segment: SegmentId) -> PathBuf {
        self.folder.join(format!("{}.{EXTENSION}", segment.uuid_string()))
    }

    /// The stored scan of `segment`, if a valid file of it, for `max_doc` passages, is there.
    pub fn load(&self, segment: SegmentId, max_doc: u32) -> Option<Scan> {
        let bytes = std::fs::read(self.file(segment)).ok()?;
        let decoded = decode(&bytes, max_doc);
        if decoded.is_none() {
            tracing::debug!(segment = %segment.short_uuid_string(), "facts file not valid; scanning again");
        }
        decoded
    }

    /// Writes the scan of `segment` (failures are logged: the file is only a cache).
    pub fn save(&self, segment: SegmentId, scan: &Scan) {
        if let Err(err) = self.write(segment, scan) {
            tracing::debug!(folder = %self.folder.display(), "facts file not written: {err}");
        }
    }

    fn write(&self, segment: SegmentId, scan: &Scan) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.folder)?;
        let file = self.file(segment);
        // A name no other write uses (two processes may write one segment's facts), renamed into
        // place whole.
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let write = WRITES.fetch_add(1, Ordering::Relaxed);
        let partial = file.with_extension(format!("{}-{write}.partial", std::process::id()));
        std::fs::write(&partial, encode(scan))?;
        std::fs::rename(&partial, &file).inspect_err(|_| {
            let _ = std::fs::remove_file(&partial);
        })
    }

    /// Removes every file but those of segments in `live` (partial files left by a killed
    /// process included).
    pub fn prune(&self, live: &HashSet<SegmentId>) {
        let Ok(entries) = std::fs::read_dir(&self.folder) else { return };
        let keep: HashSet<PathBuf> = live.iter().map(|id| self.file(*id)).collect();
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_file()) && !keep.contains(&entry.path()) {
                // Another process may have removed it first, or be about to rename it (its
                // rename then fails and the next search scans again).
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The file's bytes: the magic, counts, the arrays little-endian, and a BLAKE3 sum of all that.
fn encode(scan: &Scan) -> Vec<u8> {
    let facets = &scan.facets;
    let mut out = Vec::with_capacity(64 + scan.document.len() * 12 + scan.doc_keys.len() * 24);
    out.extend_from_slice(MAGIC);
    for count in [
        scan.document.len(),
        scan.doc_keys.len(),
        facets.sets.len(),
        facets.values.len(),
        usize::from(scan.uniform_documents),
    ] {
        out.extend_from_slice(&(count as u32).to_le_bytes());
    }
    scan.document.iter().for_each(|n| out.extend_from_slice(&n.to_le_bytes()));
    scan.doc_keys.iter().for_each(|k| out.extend_from_slice(&k.to_le_bytes()));
    for (order, date) in &scan.document_keys {
        out.extend_from_slice(&order.to_le_bytes());
        out.extend_from_slice(&date.to_le_bytes());
    }
    facets.of_passage.iter().for_each(|s| out.extend_from_slice(&s.to_le_bytes()));
    scan.passage_no.iter().for_each(|n| out.extend_from_slice(&n.to_le_bytes()));
    for set in &facets.sets {
        out.extend_from_slice(&(set.len() as u32).to_le_bytes());
        set.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    }
    for (root, value) in &facets.values {
        let root = FacetRoot::ALL.iter().position(|r| r == root).unwrap_or_default();
        out.push(root as u8);
        out.extend_from_slice(&(value.len() as u32).to_le_bytes());
        out.extend_from_slice(value.as_bytes());
    }
    let sum = blake3::hash(&out);
    out.extend_from_slice(sum.as_bytes());
    out
}

/// Reads [`encode`]'s bytes; `None` unless they are whole, of this format and of `max_doc`
/// passages.
fn decode(bytes: &[u8], max_doc: u32) -> Option<Scan> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(blake3::OUT_LEN)?)?;
    if blake3::hash(body).as_bytes() != sum {
        return None;
    }
    let mut reader = Reader(body.strip_prefix(MAGIC)?);
    let [passages, documents, sets, values, uniform] = [(); 5].map(|()| reader.u32());
    let (passages, documents, uniform) = (passages?, documents? as usize, uniform? == 1);
    if passages != max_doc {
        return None;
    }
    let document = reader.u32s(passages as usize)?;
    let doc_keys = reader.u64s(documents)?;
    let document_keys = reader.u64s(documents * 2)?.chunks_exact(2).map(|p| (p[0], p[1])).collect();
    let of_passage = reader.u32s(passages as usize)?;
    let passage_no = reader.u32s(passages as usize)?;
    let sets = (0..sets?)
        .map(|_| {
            let len = reader.u32()? as usize;
            Some(reader.u32s(len)?.into_boxed_slice())
        })
        .collect::<Option<Vec<_>>>()?;
    let values = (0..values?)
        .map(|_| {
            let root = *FacetRoot::ALL.get(usize::from(reader.take(1)?[0]))?;
            let len = reader.u32()? as usize;
            Some((root, String::from_utf8(reader.take(len)?.to_vec()).ok()?))
        })
        .collect::<Option<Vec<_>>>()?;
    // Every index must point inside its table, as the scan's did.
    let in_range = |items: &[u32], len: usize| items.iter().all(|&i| (i as usize) < len);
    let valid = reader.0.is_empty()
        && in_range(&document, documents)
        && in_range(&of_passage, sets.len())
        && sets.iter().all(|set| in_range(set, values.len()));
    valid.then_some(Scan {
        document,
        doc_keys,
        document_keys,
        uniform_documents: uniform,
        facets: FacetSets { of_passage, sets, values },
        passage_no,
    })
}

/// A cursor over a file's bytes.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u32s(&mut self, count: usize) -> Option<Vec<u32>> {
        let bytes = self.take(count.checked_mul(4)?)?;
        Some(bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
    }

    fn u64s(&mut self, count: usize) -> Option<Vec<u64>> {
        let bytes = self.take(count.checked_mul(8)?)?;
        Some(
            bytes
                .chunks_exact(8)
                .map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan() -> Scan {
        Scan {
            document: vec![0, 0, 1, 2, 1],
            doc_keys: vec![7, u64::MAX, 3],
            document_keys: vec![(1, 20231), (2, 0), (u64::MAX, 5)],
            uniform_documents: false,
            facets: FacetSets {
                of_passage: vec![0, 1, 1, 2, 0],
                sets: vec![Box::new([]), Box::new([0, 2]), Box::new([1])],
                values: vec![
                    (FacetRoot::Ministry, "総務省".into()),
                    (FacetRoot::FiscalYear, "2023".into()),
                    (FacetRoot::Theme, "IoT".into()),
                ],
            },
            passage_no: vec![0, 1, 0, 0, u32::MAX],
        }
    }

    #[test]
    fn a_scan_reads_back_as_written() {
        let bytes = encode(&scan());
        let back = decode(&bytes, 5).expect("decodes");
        assert_eq!(encode(&back), bytes);
        assert_eq!(back.facets.values, scan().facets.values);
        assert_eq!(back.document_keys, scan().document_keys);
    }

    #[test]
    fn damaged_or_foreign_files_are_not_read() {
        let bytes = encode(&scan());
        assert!(decode(&bytes, 6).is_none(), "another segment size");
        for cut in [0, 1, 8, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], 5).is_none(), "truncated at {cut}");
        }
        for at in [0, 9, bytes.len() / 2, bytes.len() - 1] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x40;
            assert!(decode(&flipped, 5).is_none(), "byte {at} changed");
        }
        let mut other_version = bytes[..bytes.len() - blake3::OUT_LEN].to_vec();
        other_version[7] = b'0';
        let sum = blake3::hash(&other_version);
        other_version.extend_from_slice(sum.as_bytes());
        assert!(decode(&other_version, 5).is_none(), "another format version");
    }

    #[test]
    fn indices_outside_their_tables_are_refused_even_with_a_good_sum() {
        let mut bad = scan();
        bad.facets.of_passage[2] = 3;
        assert!(decode(&encode(&bad), 5).is_none());
        let mut bad = scan();
        bad.document[0] = 3;
        assert!(decode(&encode(&bad), 5).is_none());
    }

    #[test]
    fn the_store_saves_loads_and_prunes() {
        let folder = tempfile::tempdir().unwrap();
        let store = FactsStore::new(folder.path().join(FOLDER));
        let (kept, gone) = (SegmentId::generate_random(), SegmentId::generate_random());
        assert!(store.load(kept, 5).is_none(), "nothing stored yet");
        store.save(kept, &scan());
        store.save(gone, &scan());
        assert_eq!(store.load(kept, 5).map(|s| encode(&s)), Some(encode(&scan())));
        store.prune(&HashSet::from([kept]));
        assert!(store.load(kept, 5).is_some());
        assert!(store.load(gone, 5).is_none(), "pruned");
        // A store that cannot be written is only a cache that misses.
        let blocked = FactsStore::new(folder.path().join("file"));
        std::fs::write(folder.path().join("file"), b"").unwrap();
        blocked.save(kept, &scan());
        assert!(blocked.load(kept, 5).is_none());
    }
}
