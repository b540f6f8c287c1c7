//! Benchmarks: the bare event queue, and one replication of each bundled scenario.
//! Run with `cargo bench`; reports read as events per second.

use amtsim::engine::EventQueue;
use amtsim::model::{simulate, Plan};
use amtsim::scenario::load_file;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

fn event_queue(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    const N: u64 = 100_000;
    group.throughput(Throughput::Elements(N));
    group.bench_function("schedule_pop_100k", |b| {
        b.iter(|| {
            let mut q = EventQueue::new();
            let mut x: u64 = 0x9E37_79B9;
            for i in 0..64 {
                q.schedule(i, i);
            }
            let mut done = 0;
            while let Some((t, e)) = q.pop_before(i64::MAX) {
                done += 1;
                if done + 64 <= N {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    q.schedule(t + (x % 10_000) as i64, e);
                }
            }
            done
        })
    });
    group.finish();
}

fn scenarios(c: &mut Criterion) {
    let mut group = c.benchmark_group("replication");
    group.sample_size(10);
    // Every bundled scenario, in name order.
    let mut files: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
        .expect("scenarios/")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for path in files {
        let name = path.file_stem().expect("file name").to_string_lossy().into_owned();
        let plan = Plan::new(load_file(&path, &[]).expect("bundled scenario is valid").scenario);
        let events = simulate(&plan, 0).events;
        group.throughput(Throughput::Elements(events));
        group.bench_function(&name, |b| b.iter(|| simulate(&plan, 0)));
    }
    group.finish();
}

/// Replications of R1 on a pool of 1 and of 2 threads: the speed-up of a sweep with cores.
fn thread_scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("sweep_threads");
    group.sample_size(10);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/reference-mmc.toml");
    let plan = Plan::new(load_file(&path, &[]).expect("bundled scenario is valid").scenario);
    const REPLICATIONS: u32 = 40;
    group.throughput(Throughput::Elements(REPLICATIONS as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
        group.bench_function(format!("r1_x{REPLICATIONS}_threads_{threads}"), |b| {
            b.iter(|| pool.install(|| amtsim::experiment::run_replications(&plan, REPLICATIONS)))
        });
    }
    group.finish();
}

criterion_group!(benches, event_queue, scenarios, thread_scaling);
criterion_main!(benches);
