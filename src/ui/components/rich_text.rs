//! Rule documentation text as HTML: paragraphs, list lines and `code` spans, built from text nodes only (never
//! `inner_html`), so nothing in the text can become markup.

use yew::prelude::*;

/// Props of [`RichText`].
#[derive(Properties, PartialEq)]
pub struct RichTextProps {
    /// The text: paragraphs separated by blank lines, `- ` list lines, `code` in backticks.
    pub text: AttrValue,
}

/// Rendered documentation text.
#[function_component(RichText)]
pub fn rich_text(props: &RichTextProps) -> Html {
    html! {
        { for props.text.split("\n\n").map(|paragraph| {
            let lines: Vec<&str> = paragraph.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            if !lines.is_empty() && lines.iter().all(|l| l.starts_with("- ")) {
                html! { <ul>{ for lines.iter().map(|l| html! { <li>{ inline(l.trim_start_matches("- ")) }</li> }) }</ul> }
            } else {
                html! { <p>{ inline(&lines.join(" ")) }</p> }
            }
        }) }
    }
}

/// Text with `code` spans.
fn inline(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 {
            html! { <code>{ part.to_owned() }</code> }
        } else {
            html! { { part.to_owned() } }
        }) }
    }
}
