//! Text helpers for drawing.

/// Word-wrap `text` into lines of at most `width` characters, every line after the first
/// indented by `indent`. A word longer than a line (an ARN, a path) is cut where it meets the
/// end of the line.
pub fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.max(indent + 10);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while !word.is_empty() {
            let limit = if out.is_empty() {
                width
            } else {
                width - indent
            };
            let len = line.chars().count();
            let sep = usize::from(len > 0);
            if len + sep + word.len() <= limit {
                if sep == 1 {
                    line.push(' ');
                }
                line.extend(word.drain(..));
                break;
            }
            let room = limit.saturating_sub(len + sep);
            // Too long for any line: cut it here, if there is useful room.
            if word.len() > width - indent && room >= 4 {
                if sep == 1 {
                    line.push(' ');
                }
                line.extend(word.drain(..room));
            }
            if line.is_empty() {
                // Nothing fits on an empty line: cut the word at the line's end.
                line.extend(word.drain(..limit.min(word.len())));
            }
            out.push(std::mem::take(&mut line));
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    let pad = " ".repeat(indent);
    out.into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { l } else { format!("{pad}{l}") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_words_and_indents() {
        assert_eq!(
            wrap("one two three four", 12, 2),
            ["one two", "  three four"]
        );
        assert_eq!(wrap("", 20, 0), [""]);
    }

    #[test]
    fn cuts_a_word_longer_than_a_line_where_the_line_ends() {
        let lines = wrap("✗ arn:aws:iam::111111111111:role/DataAdmin is bad", 20, 2);
        assert_eq!(lines[0], "✗ arn:aws:iam::11111");
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        let joined: String = lines.concat().split_whitespace().collect();
        assert_eq!(joined, "✗arn:aws:iam::111111111111:role/DataAdminisbad");
    }
}
