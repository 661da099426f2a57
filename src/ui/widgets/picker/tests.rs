use super::*;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn picker(n: usize) -> Picker {
    let mut p = Picker::multi();
    p.set_items(
        (0..n).map(|i| format!("subnet-{i:04}")).collect(),
        (0..n)
            .map(|i| format!("subnet-{i:04} use1-az{}", i % 6 + 1))
            .collect(),
    );
    p.fit(10);
    p
}

fn type_filter(p: &mut Picker, s: &str) {
    if !p.filtering {
        p.handle_key(&key(KeyCode::Char('/')));
    }
    for c in s.chars() {
        p.handle_key(&key(KeyCode::Char(c)));
    }
}

#[test]
fn moving_keeps_the_cursor_on_screen() {
    let mut p = picker(100);
    for _ in 0..15 {
        p.handle_key(&key(KeyCode::Down));
    }
    assert_eq!((p.cursor, p.offset), (15, 6));
    p.handle_key(&key(KeyCode::PageDown));
    assert_eq!((p.cursor, p.offset), (25, 16));
    p.handle_key(&key(KeyCode::End));
    assert_eq!((p.cursor, p.offset), (99, 90));
    p.handle_key(&key(KeyCode::Down));
    assert_eq!(p.cursor, 99, "stops at the end");
    p.handle_key(&key(KeyCode::Home));
    assert_eq!((p.cursor, p.offset), (0, 0));
    p.handle_key(&key(KeyCode::PageUp));
    assert_eq!(p.cursor, 0);
    assert_eq!(p.window_start(10), 0);
}

#[test]
fn filtering_narrows_and_widens_with_every_term() {
    let mut p = picker(60);
    type_filter(&mut p, "az3");
    assert!(p.filtering);
    assert_eq!(p.visible().len(), 10);
    assert!(p.visible().iter().all(|i| i % 6 == 2));
    type_filter(&mut p, " 001");
    // "az3" and "001": subnets 0010..0019 in az3 → 0014.
    assert_eq!(p.visible(), [14]);
    assert_eq!(
        p.summary("subnets"),
        "1 of 60 subnets match \"az3 001\", 0 ✓ selected"
    );
    p.handle_key(&key(KeyCode::Backspace));
    p.handle_key(&key(KeyCode::Backspace));
    p.handle_key(&key(KeyCode::Backspace));
    p.handle_key(&key(KeyCode::Backspace));
    assert_eq!(p.filter, "az3");
    assert_eq!(p.visible().len(), 10, "widened again");
    p.handle_key(&key(KeyCode::Enter));
    assert!(!p.filtering, "Enter ends typing and keeps the filter");
    assert_eq!(p.visible().len(), 10);
    p.handle_key(&key(KeyCode::Esc));
    assert_eq!((p.filter.as_str(), p.visible().len()), ("", 60));
    assert_eq!(
        p.handle_key(&key(KeyCode::Esc)),
        None,
        "Esc with no filter goes back"
    );
}

#[test]
fn case_does_not_matter_and_keys_typed_in_the_filter_do_not_leak() {
    let mut p = picker(12);
    type_filter(&mut p, "USE1-AZ2");
    assert_eq!(p.visible(), [1, 7]);
    // `q` and digits are text while filtering.
    assert_eq!(
        p.handle_key(&key(KeyCode::Char('q'))),
        Some(Outcome::Changed)
    );
    assert!(p.visible().is_empty());
    assert_eq!(p.current(), None);
    p.handle_key(&key(KeyCode::Esc));
    assert_eq!(p.visible().len(), 12);
}

#[test]
fn the_cursor_stays_on_its_row_when_the_filter_or_rows_change() {
    let mut p = picker(30);
    p.select_key("subnet-0013");
    type_filter(&mut p, "az2");
    assert_eq!(p.current_key(), Some("subnet-0013"));
    p.handle_key(&key(KeyCode::Esc));
    assert_eq!(p.current_key(), Some("subnet-0013"));
    let keys: Vec<String> = (10..20).map(|i| format!("subnet-{i:04}")).collect();
    p.set_items(keys.clone(), keys);
    assert_eq!(p.current_key(), Some("subnet-0013"));
}

#[test]
fn space_toggles_and_selections_survive_filters_and_new_rows() {
    let mut p = picker(20);
    p.handle_key(&key(KeyCode::Char(' ')));
    p.handle_key(&key(KeyCode::Down));
    p.handle_key(&key(KeyCode::Char(' ')));
    p.handle_key(&key(KeyCode::Char(' ')));
    p.handle_key(&key(KeyCode::Down));
    p.handle_key(&key(KeyCode::Char(' ')));
    assert_eq!(p.chosen_in_order(), ["subnet-0000", "subnet-0002"]);
    type_filter(&mut p, "az3");
    p.handle_key(&key(KeyCode::Enter));
    assert_eq!(p.handle_key(&key(KeyCode::Enter)), Some(Outcome::Accept));
    assert_eq!(p.chosen.len(), 2, "the filter hides, it does not unselect");
    let keys: Vec<String> = (0..20).rev().map(|i| format!("subnet-{i:04}")).collect();
    p.set_items(keys.clone(), keys);
    assert_eq!(p.chosen_in_order(), ["subnet-0002", "subnet-0000"]);
    let mut single = Picker::default();
    single.set_items(vec!["a".into()], vec!["a".into()]);
    assert_eq!(single.handle_key(&key(KeyCode::Char(' '))), None);
}

#[test]
fn a_click_puts_the_cursor_on_the_row_under_it() {
    let mut p = picker(100);
    p.handle_key(&key(KeyCode::PageDown));
    p.handle_key(&key(KeyCode::PageDown));
    let start = p.window_start(10);
    assert!(p.click(3, 10));
    assert_eq!(p.cursor, start + 3);
    assert!(!p.click(10, 10), "below the rows");
    let mut few = picker(2);
    assert!(!few.click(5, 10));
}

#[test]
fn columns_that_do_not_fit_are_dropped_least_important_first() {
    let cols = [
        Column::new("ID", 24, 0),
        Column::new("Name", 30, 5).flex(),
        Column::new("AZ ID", 8, 1),
        Column::new("CIDR", 15, 2),
    ];
    assert_eq!(fit(&cols, 100), [Some(24), Some(30), Some(8), Some(15)]);
    assert_eq!(fit(&cols, 60), [Some(24), Some(9), Some(8), Some(15)]);
    assert_eq!(fit(&cols, 45), [Some(24), Some(10), Some(8), None]);
    assert_eq!(fit(&cols, 40), [Some(24), None, Some(8), None]);
    assert_eq!(thousands(5000), "5,000");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1_234_567), "1,234,567");
}

#[test]
fn any_typing_and_erasing_matches_a_search_of_every_row() {
    let mut p = picker(500);
    // A fixed pseudo-random walk of keystrokes over a small alphabet.
    let alphabet = ['a', 'z', '1', '2', '0', ' ', '-', '3'];
    let mut seed: u32 = 12345;
    p.handle_key(&key(KeyCode::Char('/')));
    for _ in 0..400 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let r = (seed >> 16) as usize;
        if r.is_multiple_of(3) || p.filter.len() > 6 {
            p.handle_key(&key(KeyCode::Backspace));
        } else {
            p.handle_key(&key(KeyCode::Char(alphabet[r % alphabet.len()])));
        }
        let terms: Vec<String> = p.filter.split_whitespace().map(str::to_string).collect();
        let want: Vec<usize> = (0..500)
            .filter(|i| {
                let hay = format!("subnet-{i:04} use1-az{}", i % 6 + 1);
                terms.iter().all(|t| hay.contains(t.as_str()))
            })
            .collect();
        assert_eq!(p.visible(), want.as_slice(), "filter {:?}", p.filter);
    }
}
