//! Redraw time of the Network screen showing a VPC with 5,000 subnets (not a timed test).
//!
//! Builds the wizard with the subnet answer fed as the task runner would send it, then draws
//! the whole screen into a ratatui `TestBackend` at 160x48 and 80x24, many times: a plain
//! redraw, a redraw after a filter keystroke (typing narrows, Backspace widens: both refilter
//! the 5,000 rows), and a redraw after PageDown. Prints the median and p95 per redraw in ms.
//!
//! Run: `cargo bench --bench picker` (bench profile: optimized), or in the debug build the
//! target of < 5 ms is about: `cargo bench --profile dev --bench picker`. `PICKER_RUNS=N`
//! sets the redraws per measurement (default 300).

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use eks_isolation::blueprint::Blueprint;
use eks_isolation::ui::live::LiveEvent;
use eks_isolation::ui::live::net::{NetAction, NetEvent, subnets_key};
use eks_isolation::ui::screen::Screen;
use eks_isolation::ui::{self, Action, App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "../tests/ui_support/big_vpc.rs"]
mod big_vpc;
use big_vpc::VPC;

const SUBNETS: usize = 5_000;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The wizard on Network with [`VPC`] in use and its subnets listed. Returns the time the
/// answer took to apply (badges, widths, the picker's index).
fn app() -> (App, Duration) {
    let mut app = App::new(Blueprint::starter(), None, Theme::COLOR);
    app.update(Action::Goto(Screen::Network));
    app.update(Action::Net(NetAction::PickVpc(VPC.into())));
    let event = NetEvent::Subnets {
        key: subnets_key(&app.bp, VPC),
        vpc_id: VPC.into(),
        result: Ok(big_vpc::network(SUBNETS, Vec::new())),
    };
    let start = Instant::now();
    app.update(Action::Live(Box::new(LiveEvent::Net(event))));
    let took = start.elapsed();
    assert_eq!(app.network.subnets.len(), SUBNETS, "the answer was applied");
    (app, took)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `median 0.81 ms  p95 1.02 ms  (n=300)`.
fn stats(mut samples: Vec<Duration>) -> String {
    samples.sort_unstable();
    let at = |q: f64| {
        let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
        ms(samples[i])
    };
    format!(
        "median {:6.3} ms   p95 {:6.3} ms   (n={})",
        at(0.5),
        at(0.95),
        samples.len()
    )
}

/// Time `runs` times: `before` (a key, untimed when `timed_key` is false), then one draw.
fn measure(
    app: &mut App,
    term: &mut Terminal<TestBackend>,
    runs: usize,
    mut before: impl FnMut(&mut App, usize),
) -> Vec<Duration> {
    let mut out = Vec::with_capacity(runs);
    for i in 0..runs {
        let start = Instant::now();
        before(app, i);
        term.draw(|f| ui::draw(app, f)).expect("draw");
        out.push(start.elapsed());
    }
    out
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this too, as a smoke run.
    let default_runs = if std::env::args().any(|a| a == "--bench") {
        300
    } else {
        3
    };
    let runs: usize = std::env::var("PICKER_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_runs);
    let profile = if cfg!(debug_assertions) {
        "debug (dev profile)"
    } else {
        "optimized"
    };
    println!("picker benchmark: {SUBNETS} subnets, {profile} build, {runs} redraws each");
    let (_, load) = app();
    println!(
        "  applying the 5,000-subnet answer (badges, index): {:.3} ms",
        ms(load)
    );
    for (w, h) in [(160, 48), (80, 24)] {
        let (mut app, _) = app();
        app.update(Action::Resize(w, h));
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        // Warm up.
        measure(&mut app, &mut term, 20, |_, _| {});
        // For scale: the same frame around the smallest screen (the Cluster form: header,
        // steps, footer, the backend's diff).
        app.update(Action::Goto(Screen::Cluster));
        let floor = measure(&mut app, &mut term, runs, |_, _| {});
        println!("  {w}x{h} redraw, Cluster form (scale):  {}", stats(floor));
        app.update(Action::Goto(Screen::Network));
        measure(&mut app, &mut term, 20, |_, _| {});
        let plain = measure(&mut app, &mut term, runs, |_, _| {});
        println!("  {w}x{h} redraw:                       {}", stats(plain));
        // PageDown through the list, back to the top at the end.
        let page = measure(&mut app, &mut term, runs, |app, _| {
            if app.network.subnets.cursor + 1 >= SUBNETS {
                app.on_key(key(KeyCode::Home));
            } else {
                app.on_key(key(KeyCode::PageDown));
            }
        });
        println!("  {w}x{h} PageDown + redraw:            {}", stats(page));
        // Filter keystrokes: `/az` first, then alternately `1` (narrows) and Backspace
        // (widens: all 5,000 rows again).
        app.on_key(key(KeyCode::Char('/')));
        app.on_key(key(KeyCode::Char('a')));
        app.on_key(key(KeyCode::Char('z')));
        let filter = measure(&mut app, &mut term, runs, |app, i| {
            app.on_key(key(if i % 2 == 0 {
                KeyCode::Char('1')
            } else {
                KeyCode::Backspace
            }));
        });
        println!("  {w}x{h} filter keystroke + redraw:    {}", stats(filter));
        let mut alone = Vec::with_capacity(runs);
        for i in 0..runs {
            let start = Instant::now();
            app.on_key(key(if i % 2 == 0 {
                KeyCode::Char('1')
            } else {
                KeyCode::Backspace
            }));
            alone.push(start.elapsed());
        }
        println!("  {w}x{h} filter keystroke alone:       {}", stats(alone));
        assert!(app.network.subnets.filtering);
    }
}
