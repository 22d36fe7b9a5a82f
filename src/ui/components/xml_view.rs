//! The message XML: pretty-printed, highlighted and collapsible, or the raw text as received. Every name and value
//! is a text node: nothing from the input ever becomes markup.

use yew::prelude::*;

use crate::ui::inspect::{self, XmlElementView, XmlNodeView};

/// Raw text longer than this is cut in the raw view (the whole text is in the exports).
const MAX_RAW_CHARS: usize = 1_000_000;

/// Props of [`XmlView`].
#[derive(Properties, PartialEq)]
pub struct XmlViewProps {
    /// The XML text as received.
    pub xml: AttrValue,
}

/// The XML view.
#[function_component(XmlView)]
pub fn xml_view(props: &XmlViewProps) -> Html {
    let open = use_state(|| false);
    let raw = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(details.open());
        })
    };
    let onchange = {
        let raw = raw.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            raw.set(input.checked());
        })
    };
    // Built only once the section is opened: a closed view costs nothing.
    let tree = if *open && !*raw { Some(inspect::xml_tree(&props.xml)) } else { None };
    let raw_text = if props.xml.len() > MAX_RAW_CHARS {
        let cut = props.xml.char_indices().nth(MAX_RAW_CHARS).map_or(props.xml.len(), |(i, _)| i);
        format!("{}\n… ({} more bytes)", &props.xml[..cut], props.xml.len() - cut)
    } else {
        props.xml.to_string()
    };
    let body = if *raw {
        html! { <pre class="xml-raw" tabindex="0">{ raw_text }</pre> }
    } else {
        match tree {
            Some(Ok(root)) => html! { <div class="xml-tree">{ node(&root, 0) }</div> },
            Some(Err(e)) => html! {
                <>
                    <p class="parse-error">{ format!("Not well-formed XML ({e}); showing the raw text.") }</p>
                    <pre class="xml-raw" tabindex="0">{ raw_text }</pre>
                </>
            },
            None => html! {},
        }
    };
    html! {
        <details class="xml-view" {ontoggle}>
            <summary>{ "XML" }</summary>
            <label class="checkbox raw-toggle">
                <input type="checkbox" checked={*raw} {onchange} />{ "Raw (as received)" }
            </label>
            { body }
        </details>
    }
}

fn node(n: &XmlNodeView, depth: usize) -> Html {
    match n {
        XmlNodeView::Element(e) => element(e, depth),
        XmlNodeView::Text(t) => html! { <div class="x-line x-text">{ t.clone() }</div> },
        XmlNodeView::Comment(c) => html! { <div class="x-line x-comment">{ format!("<!--{c}-->") }</div> },
        XmlNodeView::Instruction(p) => html! { <div class="x-line x-pi">{ format!("<?{p}?>") }</div> },
        XmlNodeView::Omitted(count) => {
            html! { <div class="x-line x-omitted">{ format!("… {count} more nodes: see the raw view") }</div> }
        }
    }
}

fn element(e: &XmlElementView, depth: usize) -> Html {
    let start = html! {
        <>
            <span class="x-punct">{ "<" }</span><span class="x-tag">{ e.name.clone() }</span>
            { for e.namespaces.iter().map(|(k, v)| attr(k, v, "x-ns")) }
            { for e.attributes.iter().map(|(k, v)| attr(k, v, "x-attr")) }
        </>
    };
    let end = html! { <><span class="x-punct">{ "</" }</span><span class="x-tag">{ e.name.clone() }</span><span class="x-punct">{ ">" }</span></> };
    match e.children.as_slice() {
        [] => html! { <div class="x-line">{ start }<span class="x-punct">{ "/>" }</span></div> },
        [XmlNodeView::Text(t)] if t.len() <= 120 => html! {
            <div class="x-line">
                { start }<span class="x-punct">{ ">" }</span><span class="x-text">{ t.clone() }</span>{ end }
            </div>
        },
        children => html! {
            <details class="x-element" open={depth < 4}>
                <summary class="x-line">{ start }<span class="x-punct">{ ">" }</span></summary>
                <div class="x-children">{ for children.iter().map(|c| node(c, depth + 1)) }</div>
                <div class="x-line">{ end }</div>
            </details>
        },
    }
}

fn attr(name: &str, value: &str, class: &'static str) -> Html {
    html! {
        <>
            { " " }<span class={class}>{ name.to_owned() }</span><span class="x-punct">{ "=\"" }</span>
            <span class="x-value">{ value.to_owned() }</span><span class="x-punct">{ "\"" }</span>
        </>
    }
}
