//! The full-screen wizard (ratatui). Never awaits AWS itself.
//!
//! `App` holds the state, `Action`s change it (only in `App::update`), screens turn keys into
//! actions, and [`draw`] renders the state. Keys are declared once, in `keymap`.

pub mod action;
pub mod app;
pub mod derive;
pub mod fieldmap;
pub mod keymap;
pub mod layout;
pub mod live;
mod mouse;
pub mod overlay;
pub mod recorded;
pub mod save;
pub mod screen;
pub mod screens;
pub mod tasks;
pub mod text;
pub mod theme;
mod tui;
mod update;
pub mod widgets;

use std::path::PathBuf;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub use action::Action;
pub use app::{App, Status};
pub use theme::Theme;

/// How the wizard starts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The blueprint to open and save to.
    pub config: Option<PathBuf>,
    /// Where apply keeps its journal (default: the XDG state directory).
    pub state_dir: Option<PathBuf>,
    /// Open on the monitor (`eks-isolation watch`), refreshing every `interval`.
    pub watch: bool,
    pub interval: Option<std::time::Duration>,
    /// Whose credentials the monitor reads with (`watch --side`); `None`: both, or the one
    /// that resolves.
    pub side: Option<crate::blueprint::Side>,
}

/// Run the wizard until the user quits.
pub fn run(options: Options) -> std::io::Result<()> {
    let mut app = App::open(options.config.clone(), Theme::from_env());
    // Two small files, read before the first frame; `r` on Identities reads them again.
    app.set_profiles(crate::aws::profiles::read_default());
    if let Some(dir) = &options.state_dir {
        app.state_dir.clone_from(dir);
    }
    // The journal (read-only, by a task): the real S3 endpoint ID for the policies.
    app.read_journal();
    if let Some(interval) = options.interval {
        app.live.interval = interval;
    }
    app.live.monitor.side = options.side;
    if options.watch {
        app.update(Action::Goto(screen::Screen::Monitor));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = runtime.block_on(event_loop(app));
    // Tasks still waiting on AWS are dropped, not waited for: quitting is immediate.
    runtime.shutdown_background();
    result
}

/// One `select!` over terminal events, the background tasks' answers, and a tick that runs
/// only while something animates. The first frame is drawn before any task starts.
async fn event_loop(mut app: App) -> std::io::Result<()> {
    let mut tui = tui::Tui::enter()?;
    let size = tui.terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    tui.terminal.draw(|f| draw(&app, f))?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut runner = tasks::Runner::new(tx, app.state_dir.clone());
    // `watch --side`: the monitor reads with that party alone.
    runner.monitor_side = app
        .live
        .monitor
        .side
        .unwrap_or(crate::blueprint::Side::Both);
    let mut events = EventStream::new();
    let mut period = live::SPINNER;
    let mut ticker = tokio::time::interval(period);
    while !app.quit {
        runner.run(app.take_effects(), &app.bp);
        // Spinners turn every 100 ms; the monitor's countdown alone needs a tick a second.
        if let Some(p) = app.live.tick_period()
            && p != period
        {
            period = p;
            ticker = tokio::time::interval(period);
            ticker.reset();
        }
        tokio::select! {
            event = events.next() => {
                app.live.now = std::time::Instant::now();
                match event {
                    Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => app.on_key(key),
                    Some(Ok(Event::Mouse(m))) => app.on_mouse(m),
                    Some(Ok(Event::Resize(w, h))) => app.update(Action::Resize(w, h)),
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => return Err(e),
                    None => break,
                }
            },
            Some(live) = rx.recv() => {
                app.live.now = std::time::Instant::now();
                app.update(Action::Live(Box::new(live)));
            }
            _ = ticker.tick(), if app.needs_tick() => {
                app.live.now = std::time::Instant::now();
                app.update(Action::Tick);
            }
        }
        tui.terminal.draw(|f| draw(&app, f))?;
    }
    runner.shutdown();
    Ok(())
}

impl App {
    /// Whether a timer is visible (a spinner, an elapsed time, the monitor's countdown).
    pub fn needs_tick(&self) -> bool {
        self.live.tick_period().is_some()
    }
}

/// Draw the whole wizard from state. Pure: no I/O.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if layout::too_small(area) {
        let msg = format!(
            "terminal too small (need {}x{}, have {}x{})",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT,
            area.width,
            area.height
        );
        let y = area.height / 2;
        let rect = ratatui::layout::Rect::new(
            area.x,
            area.y + y.saturating_sub(1),
            area.width,
            3.min(area.height),
        );
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(msg, app.theme.error()),
                Line::raw("enlarge the window, or q to quit"),
            ])
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
            rect,
        );
        return;
    }
    let a = layout::areas(area);
    widgets::header::draw(app, frame, a.header);
    widgets::screen_list::draw(app, frame, a.screens);
    match app.screen {
        screen::Screen::Parties => app.parties.draw(frame, a.main, app),
        screen::Screen::Network => app.network.draw(frame, a.main, app),
        screen::Screen::Data => app.data.draw(frame, a.main, app),
        screen::Screen::Cluster => app.cluster.draw(frame, a.main, app),
        screen::Screen::Policies => app.policies.draw(frame, a.main, app),
        screen::Screen::Review => app.review.draw(frame, a.main, app),
        screen::Screen::Apply => app.apply.draw(frame, a.main, app),
        screen::Screen::Monitor => app.monitor.draw(frame, a.main, app),
    }
    let status = match &app.status {
        Some(Status::Info(s)) => Line::styled(format!(" {s}"), app.theme.text()),
        Some(Status::Error(s)) => Line::from(Span::styled(format!(" ✗ {s}"), app.theme.error())),
        None => Line::default(),
    };
    frame.render_widget(Paragraph::new(status), a.status);
    widgets::footer::draw(app, frame, a.footer);
    if let Some(overlay) = &app.overlay {
        overlay.draw(frame, area, app.theme);
    }
}
