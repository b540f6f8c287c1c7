//! Sharding a sweep across machines, and merging the shards back.
//!
//! Shard i of N runs the grid points whose index is i modulo N (all their replications), in
//! point order. Because every run is a pure function of (point, replication), the shards'
//! rows interleaved by point are exactly the rows of the unsharded sweep.

use std::io::{BufRead, Write};

/// `--shard i/N`: this machine's slice of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// The whole grid.
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// Parses "i/N" with 0 <= i < N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || {
            format!("\"{text}\": expected i/N with 0 <= i < N, e.g. 0/4 (Slurm: $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)")
        };
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (u64, u64) = (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Number of grid points in this shard.
    pub fn points_of(&self, total: u64) -> u64 {
        if self.index >= total {
            0
        } else {
            (total - self.index).div_ceil(self.count)
        }
    }

    /// The grid index of this shard's `k`-th point.
    pub fn point(&self, k: u64) -> u64 {
        self.index + k * self.count
    }

    pub fn is_whole(&self) -> bool {
        self.count == 1
    }
}

/// Why shards could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("shard {shard}: {source}")]
    Io { shard: u64, source: std::io::Error },
    #[error("writing the merged rows: {0}")]
    Write(std::io::Error),
    #[error("shard {shard}: its header differs from shard 0's; the shards are not of the same sweep")]
    Header { shard: u64 },
    #[error("shard {shard}: expected the row of point {point}, replication {replication}, found {found}")]
    Row { shard: u64, point: u64, replication: u32, found: String },
    #[error("shard {shard}: rows beyond the sweep's last point")]
    Extra { shard: u64 },
}

/// Interleaves the shards' run rows (header first) into the unsharded order, checking every
/// row's point and replication. `shards[i]` must be shard i of `shards.len()`. Streams: only
/// one line per shard is held at a time.
pub fn merge_run_rows<R: BufRead>(
    mut shards: Vec<R>,
    points: u64,
    replications: u32,
    out: &mut impl Write,
) -> Result<(), MergeError> {
    let count = shards.len() as u64;
    let mut line = String::new();
    let mut header = None;
    for (s, reader) in shards.iter_mut().enumerate() {
        line.clear();
        reader.read_line(&mut line).map_err(|source| MergeError::Io { shard: s as u64, source })?;
        match &header {
            None => header = Some(line.clone()),
            Some(h) if *h == line => {}
            Some(_) => return Err(MergeError::Header { shard: s as u64 }),
        }
    }
    out.write_all(header.unwrap_or_default().as_bytes()).map_err(MergeError::Write)?;
    for point in 0..points {
        let shard = point % count;
        let reader = &mut shards[shard as usize];
        for replication in 0..replications {
            line.clear();
            reader.read_line(&mut line).map_err(|source| MergeError::Io { shard, source })?;
            if !line.ends_with('\n') || row_key(&line) != Some((point, replication)) {
                let found = if line.is_empty() {
                    "the end of the file".to_string()
                } else {
                    format!("\"{}\"", line.trim_end())
                };
                return Err(MergeError::Row { shard, point, replication, found });
            }
            out.write_all(line.as_bytes()).map_err(MergeError::Write)?;
        }
    }
    for (s, reader) in shards.iter_mut().enumerate() {
        line.clear();
        if reader.read_line(&mut line).map_err(|source| MergeError::Io { shard: s as u64, source })? > 0 {
            return Err(MergeError::Extra { shard: s as u64 });
        }
    }
    Ok(())
}

/// Why a runs.csv cannot be resumed.
#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{path}: the header differs from this study's")]
    Header { path: String },
    #[error("{path}: row {row} is not point {point}, replication {replication}; the file was changed by hand")]
    Row { path: String, row: u64, point: u64, replication: u32 },
}

/// How many runs a streamed runs.csv holds complete, in the expected order (`expected(k)`
/// is the k-th run's point and replication, `runs` their number); a torn last line (an
/// interrupted write) is cut off. A file without its header gets it.
pub fn complete_rows(
    path: &std::path::Path,
    header: &str,
    runs: u64,
    expected: impl Fn(u64) -> (u64, u32),
) -> Result<u64, ResumeError> {
    let shown = path.display().to_string();
    let mut reader = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut line = String::new();
    let (mut complete_bytes, mut done, mut first_line) = (0u64, 0u64, true);
    loop {
        line.clear();
        let n = reader.read_line(&mut line)?;
        if n == 0 || !line.ends_with('\n') {
            break;
        }
        if first_line {
            if line != header {
                return Err(ResumeError::Header { path: shown });
            }
            first_line = false;
        } else {
            let (point, replication) = expected(done);
            if done >= runs || row_key(&line) != Some((point, replication)) {
                return Err(ResumeError::Row { path: shown, row: done + 1, point, replication });
            }
            done += 1;
        }
        complete_bytes += n as u64;
    }
    let file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.set_len(complete_bytes)?;
    if first_line {
        std::fs::write(path, header)?;
    }
    Ok(done)
}

/// The (point, replication) of a run row: its first two columns.
pub fn row_key(line: &str) -> Option<(u64, u32)> {
    let mut cells = line.splitn(3, ',');
    let point = cells.next()?.parse().ok()?;
    let replication = cells.next()?.trim_end().parse().ok()?;
    Some((point, replication))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_grid() {
        let total = 10;
        let mut seen = Vec::new();
        for i in 0..3 {
            let s = Shard { index: i, count: 3 };
            seen.extend((0..s.points_of(total)).map(|k| s.point(k)));
        }
        seen.sort_unstable();
        assert_eq!(seen, (0..total).collect::<Vec<_>>());
        assert_eq!(Shard { index: 5, count: 8 }.points_of(3), 0);
        assert!(Shard::parse("3/3").is_err() && Shard::parse("a/3").is_err() && Shard::parse("0/0").is_err());
        assert_eq!(Shard::parse("1/4").unwrap(), Shard { index: 1, count: 4 });
    }

    #[test]
    fn merges_in_point_order_and_checks_rows() {
        let a = "h\n0,0,x\n0,1,x\n2,0,x\n2,1,x\n";
        let b = "h\n1,0,y\n1,1,y\n";
        let mut out = Vec::new();
        merge_run_rows(vec![a.as_bytes(), b.as_bytes()], 3, 2, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "h\n0,0,x\n0,1,x\n1,0,y\n1,1,y\n2,0,x\n2,1,x\n");
        let short = "h\n1,0,y\n";
        let e = merge_run_rows(vec![a.as_bytes(), short.as_bytes()], 3, 2, &mut Vec::new()).unwrap_err();
        assert!(matches!(e, MergeError::Row { shard: 1, point: 1, replication: 1, .. }), "{e}");
    }
}
