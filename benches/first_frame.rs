//! Benchmark: time from process start to the wizard's first drawn frame.
//!
//! The real binary runs in a pseudo-terminal with both profiles' credentials in place and
//! `AWS_ENDPOINT_URL` pointing at a loopback listener that accepts connections and never
//! answers: any frame drawn is drawn before any AWS response, by construction. The figure is
//! the time from spawning the process to the first screen showing the step list.
//!
//! Run: `cargo bench --profile dev --bench first_frame` (or `scripts/bench-ui`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use eks_isolation::blueprint::Blueprint;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this too, as a smoke run.
    let runs = if std::env::args().any(|a| a == "--bench") {
        21
    } else {
        3
    };
    // The AWS endpoint that never answers; it counts the connections it gets.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = connections.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            seen.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("aws-config");
    let credentials = dir.path().join("aws-credentials");
    std::fs::write(
        &config,
        "[profile data-owner]\nregion = us-east-1\n\n[profile model-owner]\nregion = us-east-1\n",
    )
    .unwrap();
    std::fs::write(
        &credentials,
        "[data-owner]\naws_access_key_id = bench\naws_secret_access_key = bench\n\n\
         [model-owner]\naws_access_key_id = bench\naws_secret_access_key = bench\n",
    )
    .unwrap();
    let blueprint = dir.path().join("bench.toml");
    std::fs::write(&blueprint, Blueprint::starter().to_toml()).unwrap();

    let mut times = Vec::new();
    let mut before_frame = Vec::new();
    for _ in 0..runs {
        let (t, connected) = first_frame(&url, &config, &credentials, &blueprint, &connections);
        times.push(t);
        before_frame.push(connected);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[runs / 2];
    let p95 = times[(runs * 95).div_ceil(100) - 1];
    println!("first frame, process start to step list drawn ({runs} runs, 120x40 pty):");
    println!(
        "  median {:.1} ms   p95 {:.1} ms   min {:.1} ms   max {:.1} ms",
        ms(median),
        ms(p95),
        ms(times[0]),
        ms(times[runs - 1])
    );
    println!(
        "  AWS responses before the first frame: 0 (the endpoint never answers); runs where the \
         identity requests had already connected when the frame was drawn: {}/{runs}",
        before_frame.iter().filter(|c| **c).count()
    );
    println!(
        "  target: under 100 ms: {}",
        if median < Duration::from_millis(100) {
            "met"
        } else {
            "NOT met"
        }
    );
}

/// Spawn the wizard; the time until its screen shows the step list, and whether any AWS
/// connection had been made by then.
fn first_frame(
    url: &str,
    config: &std::path::Path,
    credentials: &std::path::Path,
    blueprint: &std::path::Path,
    connections: &AtomicUsize,
) -> (Duration, bool) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_eks-isolation"));
    cmd.args(["wizard", "--config"]);
    cmd.arg(blueprint);
    cmd.env("TERM", "xterm-256color");
    cmd.env("AWS_CONFIG_FILE", config);
    cmd.env("AWS_SHARED_CREDENTIALS_FILE", credentials);
    cmd.env("AWS_ENDPOINT_URL", url);
    cmd.env("AWS_EC2_METADATA_DISABLED", "true");
    for var in [
        "AWS_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ] {
        cmd.env_remove(var);
    }
    let before = connections.load(Ordering::SeqCst);
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(40).unwrap(),
        std::num::NonZeroU16::new(120).unwrap(),
        0,
    );
    let elapsed = loop {
        let chunk = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the wizard drew nothing in 10 s");
        parser.process(&chunk);
        let screen = parser.screen().contents();
        if screen.contains("Steps") && screen.contains("Monitor") {
            break start.elapsed();
        }
    };
    let connected = connections.load(Ordering::SeqCst) > before;
    let _ = child.kill();
    let _ = child.wait();
    (elapsed, connected)
}
