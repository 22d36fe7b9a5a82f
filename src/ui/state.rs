//! The web app's state and its transitions: a plain value and an [`Action`] enum, so every transition is
//! unit-tested natively (`cargo test --lib ui::state`) without a browser. The Yew `Reducible` glue lives in
//! `ui::app`; effects (reading files, running the analysis, the clock) happen there and come back as actions.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::decode::Input;
use crate::dsig::ReportedMessage;
use crate::examples::{self, Example};
use crate::profile::{Profile, ProfileError};
use crate::time::{EvaluationTime, TimeMode};
use crate::ui::report_view::{AnalysisOutput, ReportView};
use crate::ui::worker_protocol::ProgressView;

/// The name the paste area's text carries in the report (`input 1 "pasted text"`).
pub const PASTED_INPUT_NAME: &str = "pasted text";

/// A text pasted outside the paste area that is longer than this becomes an input chip instead of filling the paste
/// area (a textarea holding megabytes makes the page sluggish).
pub const LARGE_PASTE_BYTES: usize = 256 * 1024;

/// How the evaluation time is chosen in the web app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeChoice {
    /// The browser's clock when the analysis runs.
    Now,
    /// The capture time: the HAR entry time, else the latest `IssueInstant`, else now.
    Capture,
    /// A time the user chose, Unix seconds.
    At(i64),
}

impl TimeChoice {
    /// The core's time mode for this choice.
    pub fn mode(self) -> TimeMode {
        match self {
            TimeChoice::Now => TimeMode::Now,
            TimeChoice::Capture => TimeMode::Capture { issue_instant_fallback: true },
            TimeChoice::At(unix) => TimeMode::At { unix },
        }
    }
}

/// Where an input came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputOrigin {
    /// A file of a built-in example.
    Example,
    /// A dropped or picked file.
    File,
    /// A paste outside the paste area.
    Clipboard,
    /// An input carried by a share link.
    Shared,
}

/// One input of the trace other than the paste area: a file, a large paste, an example file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceInput {
    /// Stable id for the UI (remove buttons, keys).
    pub id: u32,
    /// File name or label.
    pub name: String,
    /// The content.
    pub data: InputData,
    /// Where it came from.
    pub origin: InputOrigin,
}

/// The content of an input: bytes in the page's memory, or a file the page never reads (a large dropped file is
/// handed to the analysis worker as it is, and only the worker reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputData {
    /// The bytes, shared, not copied.
    Bytes(Rc<[u8]>),
    /// A file not read by the page.
    File(FileRef),
}

impl InputData {
    /// The size in bytes.
    pub fn len(&self) -> usize {
        match self {
            InputData::Bytes(bytes) => bytes.len(),
            InputData::File(file) => file.size,
        }
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes, if they are in the page's memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            InputData::Bytes(bytes) => Some(bytes),
            InputData::File(_) => None,
        }
    }
}

/// A file the page holds without reading it: its size and an opaque handle (in the browser a `web_sys::File`; the
/// state never looks inside, so it stays testable natively). Two `FileRef`s are equal when they share the handle.
#[derive(Clone)]
pub struct FileRef {
    /// The file's size in bytes.
    pub size: usize,
    handle: Rc<dyn std::any::Any>,
}

impl FileRef {
    /// A file of `size` bytes behind `handle`.
    pub fn new(size: usize, handle: impl std::any::Any) -> Self {
        FileRef { size, handle: Rc::new(handle) }
    }

    /// The handle, if it is a `T`.
    pub fn handle<T: std::any::Any>(&self) -> Option<&T> {
        self.handle.downcast_ref()
    }
}

impl PartialEq for FileRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.handle, &other.handle)
    }
}

impl Eq for FileRef {}

impl std::fmt::Debug for FileRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileRef({} bytes)", self.size)
    }
}

/// A file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The file name.
    pub name: String,
    /// What the browser said.
    pub message: String,
}

/// Whose profile the analysis uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileSource {
    /// The user's profile (edited in the app, saved in this browser).
    Saved,
    /// A built-in example's own tenant (the example is shown as its admins would see it).
    Example(&'static str),
}

/// A report with cheap clone and identity comparison, for Yew props.
#[derive(Debug, Clone)]
pub struct ReportHandle(pub Rc<ReportView>);

impl PartialEq for ReportHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A trace restored from a share link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedState {
    /// The example it shows, if it is an unchanged example.
    pub example: Option<String>,
    /// The inputs (name, text).
    pub inputs: Vec<(String, String)>,
    /// The profile, if the link carries one.
    pub profile: Option<Profile>,
    /// The evaluation time choice.
    pub time: TimeChoice,
    /// Whether the inputs are redacted copies (their signatures cannot be re-verified).
    pub redacted: bool,
    /// For redacted inputs: what the sender's analysis found about their signatures.
    pub reported: Vec<ReportedMessage>,
}

/// Everything needed to run one analysis.
#[derive(Debug, Clone)]
pub struct AnalysisRequest {
    /// The generation of the state it was made from (stale results are dropped).
    pub generation: u64,
    /// The inputs (name, content), paste area first; shared, not copied.
    pub inputs: Vec<(String, InputData)>,
    /// The profile in use.
    pub profile: Profile,
    /// The evaluation time.
    pub time: EvaluationTime,
    /// Whether the change came from typing (the analysis then waits for a pause).
    pub debounce: bool,
    /// Total input size in bytes.
    pub bytes: usize,
    /// Set only for a redacted shared trace as it was opened: what the sender's analysis found about its signatures
    /// (the analysis then uses it where the redacted copy cannot be re-verified, and labels it).
    pub reported: Option<Rc<[ReportedMessage]>>,
}

impl AnalysisRequest {
    /// Whether every input is in the page's memory (else only the worker can read them).
    pub fn in_memory(&self) -> bool {
        self.inputs.iter().all(|(_, data)| data.bytes().is_some())
    }

    /// The inputs as the core takes them (copies the bytes); `None` if a file was not read by the page.
    pub fn core_inputs(&self) -> Option<Vec<Input>> {
        self.inputs
            .iter()
            .map(|(name, data)| Some(Input { name: name.clone(), bytes: data.bytes()?.to_vec() }))
            .collect()
    }

    /// Runs the analysis here (on the page for small traces; the worker runs the same code for large ones and for
    /// files the page did not read).
    pub fn run(&self) -> Result<ReportView, String> {
        let inputs = self.core_inputs().ok_or("a file of the trace can only be read by the analysis worker")?;
        let report = match &self.reported {
            Some(reported) => {
                crate::analysis::analyze_reported(&inputs, &self.profile, self.time, reported, &mut |_| {})
            }
            None => crate::analyze(&inputs, &self.profile, self.time),
        };
        ReportView::from_output(AnalysisOutput::of(&report))
    }
}

/// A state transition.
#[derive(Debug, Clone)]
pub enum Action {
    /// The paste area's text changed (typing or pasting into it).
    SetPaste(String),
    /// A paste somewhere else on the page.
    GlobalPaste(String),
    /// Files started being read.
    ReadStarted(Vec<String>),
    /// A file was read.
    FileRead {
        /// File name.
        name: String,
        /// Content.
        bytes: Vec<u8>,
    },
    /// A large file joins the trace unread: only the analysis worker reads it.
    FileAdded {
        /// File name.
        name: String,
        /// The file.
        file: FileRef,
    },
    /// A file could not be read.
    FileReadFailed(ReadError),
    /// The worker could not read input `index` of the request of `generation` (a file that changed or vanished on
    /// disk since it was dropped): it leaves the trace and shows as a read error, as if the page had read it.
    InputUnreadable {
        /// The generation of the request.
        generation: u64,
        /// The input's index in the request (paste area first).
        index: usize,
        /// What the browser said.
        message: String,
    },
    /// Removes one input chip.
    RemoveInput(u32),
    /// Empties the trace (paste area, inputs, errors).
    Clear,
    /// Shows a built-in example.
    LoadExample(&'static str),
    /// Restores a shared trace.
    LoadShared(SharedState),
    /// A share link could not be read.
    SharedInvalid(String),
    /// Chooses the evaluation time.
    SetTime(TimeChoice),
    /// Replaces the user's profile (from the editor, storage or a metadata import).
    SetProfile(Profile),
    /// An analysis of this generation started.
    AnalysisStarted(u64),
    /// How far the worker's analysis has come.
    AnalysisProgress {
        /// The generation.
        generation: u64,
        /// Where it is.
        progress: ProgressView,
    },
    /// The user cancelled the running analysis (the runner has stopped it).
    CancelAnalysis,
    /// Runs the analysis of the unchanged trace again (after a cancel).
    Reanalyse,
    /// An analysis finished.
    AnalysisFinished {
        /// The generation it was made for.
        generation: u64,
        /// The report.
        report: Rc<ReportView>,
    },
    /// An analysis failed (the worker died, the input was unreadable).
    AnalysisFailed {
        /// The generation.
        generation: u64,
        /// Why.
        message: String,
    },
    /// Opens a rule's documentation.
    OpenRule(&'static str),
    /// Closes the rule documentation.
    CloseRule,
    /// Whether exports and links are redacted.
    SetRedact(bool),
    /// Shows a short notice ("Link copied"); `None` hides it.
    Notice(Option<String>),
    /// Dismisses the file read errors.
    DismissReadErrors,
    /// A share link was made for the current trace.
    ShareLinkReady(String),
}

/// The app state.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The paste area's text.
    pub paste: String,
    /// The other inputs of the trace, in the order added.
    pub inputs: Vec<TraceInput>,
    /// The example shown, while the trace is an unchanged example.
    pub example: Option<&'static str>,
    /// Files being read.
    pub reading: Vec<String>,
    /// Files that could not be read.
    pub read_errors: Vec<ReadError>,
    /// The evaluation time choice.
    pub time: TimeChoice,
    /// The user's profile.
    pub profile: Profile,
    /// What is wrong with the user's profile.
    pub profile_errors: Vec<ProfileError>,
    /// Bumped on every change the report depends on.
    pub generation: u64,
    /// Whether the latest change came from typing.
    pub debounce: bool,
    /// The latest report.
    pub report: Option<ReportHandle>,
    /// The generation the report was made for.
    pub report_generation: u64,
    /// The generation being analysed now, if any.
    pub running: Option<u64>,
    /// How far the running analysis has come (analyses in the worker report it).
    pub progress: Option<ProgressView>,
    /// Whether the user cancelled the analysis of the current generation.
    pub cancelled: bool,
    /// Why the latest analysis failed.
    pub analysis_error: Option<String>,
    /// The rule whose documentation is open.
    pub open_rule: Option<&'static str>,
    /// Redact personal data in exports and links (on by default).
    pub redact: bool,
    /// A short notice for the user.
    pub notice: Option<String>,
    /// The share link made for the current trace (cleared when the trace changes).
    pub share_link: Option<String>,
    /// While the trace is a *redacted* shared trace exactly as it was opened (same inputs, same profile): what the
    /// link's sender found about its signatures. Any change to the inputs or the profile drops it, and from then on
    /// every signature is checked here only.
    pub reported: Option<Rc<[ReportedMessage]>>,
    next_id: u32,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            paste: String::new(),
            inputs: Vec::new(),
            example: None,
            reading: Vec::new(),
            read_errors: Vec::new(),
            time: TimeChoice::Capture,
            profile: Profile::numly_default(),
            profile_errors: Vec::new(),
            generation: 0,
            debounce: false,
            report: None,
            report_generation: 0,
            running: None,
            progress: None,
            cancelled: false,
            analysis_error: None,
            open_rule: None,
            redact: true,
            notice: None,
            share_link: None,
            reported: None,
            next_id: 1,
        }
    }
}

impl AppState {
    /// The state the app opens with: the default example, with the user's saved profile (if any).
    pub fn initial(saved_profile: Option<Profile>) -> Self {
        let mut state = AppState::default();
        if let Some(p) = saved_profile {
            state.profile_errors = p.validate();
            state.profile = p;
        }
        state.apply(Action::LoadExample(examples::DEFAULT_EXAMPLE))
    }

    /// Applies an action and returns the new state.
    #[must_use]
    pub fn apply(mut self, action: Action) -> Self {
        match action {
            Action::SetPaste(text) => {
                self.leave_shared();
                self.leave_example();
                self.paste = text;
                self.changed(true);
            }
            Action::GlobalPaste(text) => {
                if text.trim().is_empty() {
                    return self;
                }
                self.leave_shared();
                self.leave_example();
                if self.paste.trim().is_empty() && text.len() <= LARGE_PASTE_BYTES {
                    self.paste = text;
                } else {
                    let name = format!("pasted {}", self.inputs.len() + 2);
                    self.push_input(name, text.into_bytes(), InputOrigin::Clipboard);
                }
                self.changed(false);
            }
            Action::ReadStarted(names) => {
                self.reading.extend(names);
            }
            Action::FileRead { name, bytes } => {
                self.finish_reading(&name);
                self.leave_shared();
                self.leave_example();
                self.push_input(name, bytes, InputOrigin::File);
                self.changed(false);
            }
            Action::FileAdded { name, file } => {
                self.finish_reading(&name);
                self.leave_example();
                self.push_data(name, InputData::File(file), InputOrigin::File);
                self.changed(false);
            }
            Action::FileReadFailed(error) => {
                self.finish_reading(&error.name);
                self.read_errors.push(error);
            }
            Action::InputUnreadable { generation, index, message } => {
                // The request's inputs are the paste area (when not blank), then `inputs`; a later change may have
                // moved them, so only a report about the current generation is taken.
                let first = usize::from(!self.paste.trim().is_empty());
                if generation == self.generation && index >= first && index - first < self.inputs.len() {
                    let input = self.inputs.remove(index - first);
                    self.read_errors.push(ReadError { name: input.name, message });
                    if self.inputs.iter().all(|i| i.origin != InputOrigin::Example) {
                        self.example = None;
                    }
                    self.changed(false);
                }
            }
            Action::RemoveInput(id) => {
                let before = self.inputs.len();
                self.inputs.retain(|i| i.id != id);
                if self.inputs.len() != before {
                    self.leave_shared();
                    if self.inputs.iter().all(|i| i.origin != InputOrigin::Example) {
                        self.example = None;
                    }
                    self.changed(false);
                }
            }
            Action::Clear => {
                self.reported = None;
                self.paste.clear();
                self.inputs.clear();
                self.example = None;
                self.read_errors.clear();
                self.changed(false);
            }
            Action::LoadExample(id) => {
                if let Some(example) = examples::find(id) {
                    self.reported = None;
                    self.paste.clear();
                    self.inputs.clear();
                    self.read_errors.clear();
                    self.load_example_files(example);
                    self.example = Some(example.id);
                    self.time = TimeChoice::Capture;
                    self.changed(false);
                }
            }
            Action::LoadShared(shared) => {
                self.paste.clear();
                self.inputs.clear();
                self.read_errors.clear();
                self.example = None;
                if let Some(example) = shared.example.as_deref().and_then(examples::find) {
                    self.load_example_files(example);
                    self.example = Some(example.id);
                } else {
                    for (name, text) in shared.inputs {
                        self.push_input(name, text.into_bytes(), InputOrigin::Shared);
                    }
                }
                if let Some(p) = shared.profile {
                    self.profile_errors = p.validate();
                    self.profile = p;
                }
                self.time = shared.time;
                self.reported = (shared.redacted && self.example.is_none()).then(|| shared.reported.into());
                self.notice = Some(if self.reported.is_some() {
                    "Opened a shared trace, redacted by its sender.".to_owned()
                } else {
                    "Opened a shared trace.".to_owned()
                });
                self.changed(false);
            }
            Action::SharedInvalid(message) => {
                self.notice = Some(format!("This share link could not be opened: {message}"));
            }
            Action::SetTime(choice) => {
                if self.time != choice {
                    self.time = choice;
                    self.changed(false);
                }
            }
            Action::SetProfile(profile) => {
                if self.profile != profile {
                    self.profile_errors = profile.validate();
                    self.profile = profile;
                    if self.example.is_none() {
                        self.leave_shared();
                        self.changed(false);
                    }
                }
            }
            Action::AnalysisStarted(generation) => {
                if generation == self.generation {
                    self.running = Some(generation);
                    self.progress = None;
                }
            }
            Action::AnalysisProgress { generation, progress } => {
                if self.running == Some(generation) && generation == self.generation {
                    self.progress = Some(progress);
                }
            }
            Action::CancelAnalysis => {
                if self.running.is_some() {
                    self.running = None;
                    self.progress = None;
                    self.cancelled = true;
                }
            }
            Action::Reanalyse => self.changed(false),
            Action::AnalysisFinished { generation, report } => {
                if generation == self.generation {
                    self.running = None;
                    self.progress = None;
                    self.analysis_error = None;
                    self.report = Some(ReportHandle(report));
                    self.report_generation = generation;
                }
            }
            Action::AnalysisFailed { generation, message } => {
                if generation == self.generation {
                    self.running = None;
                    self.progress = None;
                    self.analysis_error = Some(message);
                }
            }
            Action::OpenRule(id) => self.open_rule = Some(id),
            Action::CloseRule => self.open_rule = None,
            Action::SetRedact(on) => {
                self.redact = on;
                self.share_link = None;
            }
            Action::Notice(text) => self.notice = text,
            Action::DismissReadErrors => self.read_errors.clear(),
            Action::ShareLinkReady(link) => self.share_link = Some(link),
        }
        self
    }

    /// The profile the analysis uses, and whose it is.
    pub fn profile_in_use(&self) -> (Profile, ProfileSource) {
        match self.example.and_then(examples::find) {
            Some(example) => (example.profile(), ProfileSource::Example(example.id)),
            None => (self.profile.clone(), ProfileSource::Saved),
        }
    }

    /// Whether the trace is empty (nothing to analyse).
    pub fn is_empty(&self) -> bool {
        self.paste.trim().is_empty() && self.inputs.is_empty()
    }

    /// Total size of the trace in bytes.
    pub fn trace_bytes(&self) -> usize {
        self.paste.len() + self.inputs.iter().map(|i| i.data.len()).sum::<usize>()
    }

    /// The trace as (name, text) pairs, paste area first (for share links); the text is `None` for a file the page
    /// did not read.
    pub fn trace_texts(&self) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        if !self.paste.trim().is_empty() {
            out.push((PASTED_INPUT_NAME.to_owned(), Some(self.paste.clone())));
        }
        for i in &self.inputs {
            out.push((i.name.clone(), i.data.bytes().map(|b| String::from_utf8_lossy(b).into_owned())));
        }
        out
    }

    /// The analysis request for the current state, with the browser's clock reading `now` (Unix seconds).
    pub fn request(&self, now: i64) -> AnalysisRequest {
        let mut inputs = Vec::with_capacity(self.inputs.len() + 1);
        if !self.paste.trim().is_empty() {
            inputs.push((PASTED_INPUT_NAME.to_owned(), InputData::Bytes(Rc::from(self.paste.as_bytes()))));
        }
        for i in &self.inputs {
            inputs.push((i.name.clone(), i.data.clone()));
        }
        let (profile, _) = self.profile_in_use();
        AnalysisRequest {
            generation: self.generation,
            inputs,
            profile,
            time: EvaluationTime { mode: self.time.mode(), now },
            debounce: self.debounce,
            bytes: self.trace_bytes(),
            reported: self.reported.clone(),
        }
    }

    /// Whether the shown report is out of date (an analysis is pending or running).
    pub fn is_stale(&self) -> bool {
        self.report_generation != self.generation
    }

    fn changed(&mut self, debounce: bool) {
        self.generation += 1;
        self.debounce = debounce;
        self.cancelled = false;
        self.analysis_error = None;
        self.share_link = None;
    }

    /// The trace or the profile changes: the sender's signature results no longer describe it.
    fn leave_shared(&mut self) {
        if self.reported.take().is_some() {
            self.notice = Some("The trace changed: its share link's signature results no longer apply.".to_owned());
        }
    }

    fn leave_example(&mut self) {
        if self.example.take().is_some() {
            self.inputs.retain(|i| i.origin != InputOrigin::Example);
        }
    }

    fn load_example_files(&mut self, example: &Example) {
        for f in example.files {
            self.push_input(f.name.to_owned(), f.text.as_bytes().to_vec(), InputOrigin::Example);
        }
    }

    fn push_input(&mut self, name: String, bytes: Vec<u8>, origin: InputOrigin) {
        self.push_data(name, InputData::Bytes(bytes.into()), origin);
    }

    fn push_data(&mut self, name: String, data: InputData, origin: InputOrigin) {
        let id = self.next_id;
        self.next_id += 1;
        self.inputs.push(TraceInput { id, name, data, origin });
    }

    fn finish_reading(&mut self, name: &str) {
        if let Some(pos) = self.reading.iter().position(|n| n == name) {
            self.reading.remove(pos);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::TimeSource;

    fn analysed(state: AppState, now: i64) -> AppState {
        let request = state.request(now);
        let report = request.run().unwrap();
        state.apply(Action::AnalysisFinished { generation: request.generation, report: Rc::new(report) })
    }

    #[test]
    fn opens_on_the_default_example_with_its_profile() {
        let state = AppState::initial(None);
        assert_eq!(state.example, Some(examples::DEFAULT_EXAMPLE));
        assert_eq!(state.inputs.len(), 2);
        assert!(state.inputs.iter().all(|i| i.origin == InputOrigin::Example));
        let (profile, source) = state.profile_in_use();
        assert_eq!(source, ProfileSource::Example(examples::DEFAULT_EXAMPLE));
        assert_eq!(profile.tenant_id.as_deref(), Some(examples::TENANT_ID));
        assert_eq!(state.time, TimeChoice::Capture);
        let state = analysed(state, 0);
        let report = &state.report.as_ref().unwrap().0;
        assert_eq!(report.messages.len(), 2);
        assert_eq!(report.time_source, TimeSource::IssueInstant);
        assert!(!state.is_stale());
    }

    #[test]
    fn typing_replaces_the_example_and_asks_for_a_debounced_analysis() {
        let state = AppState::initial(None);
        let g = state.generation;
        let state = state.apply(Action::SetPaste("<samlp:Response".to_owned()));
        assert_eq!(state.example, None);
        assert!(state.inputs.is_empty(), "example files must leave with the example");
        assert_eq!(state.generation, g + 1);
        let request = state.request(1_000);
        assert!(request.debounce);
        assert_eq!(request.inputs.len(), 1);
        assert_eq!(request.inputs[0].0, PASTED_INPUT_NAME);
        assert_eq!(state.profile_in_use().1, ProfileSource::Saved);
        assert!(state.is_stale());
    }

    #[test]
    fn several_inputs_form_one_trace_paste_area_first() {
        let state = AppState::default()
            .apply(Action::ReadStarted(vec!["a.har".into(), "b.xml".into()]))
            .apply(Action::FileRead { name: "b.xml".into(), bytes: b"<b/>".to_vec() })
            .apply(Action::SetPaste("<a/>".into()))
            .apply(Action::FileReadFailed(ReadError { name: "a.har".into(), message: "NotReadableError".into() }));
        assert!(state.reading.is_empty());
        assert_eq!(state.read_errors.len(), 1);
        let names: Vec<_> = state.request(0).inputs.into_iter().map(|i| i.0).collect();
        assert_eq!(names, vec![PASTED_INPUT_NAME, "b.xml"]);
        assert!(state.request(0).debounce, "the last change was typing");
        let state = state.apply(Action::FileRead { name: "c.pem".into(), bytes: Vec::new() });
        assert!(!state.request(0).debounce, "a dropped file is analysed at once");
        assert_eq!(state.request(0).inputs.len(), 3);
    }

    #[test]
    fn a_large_file_joins_the_trace_unread_and_only_the_worker_can_analyse_it() {
        let file = FileRef::new(100 << 20, "the browser's File");
        let state = AppState::initial(None)
            .apply(Action::ReadStarted(vec!["small.xml".into(), "big.har".into()]))
            .apply(Action::FileAdded { name: "big.har".into(), file: file.clone() });
        assert_eq!(state.example, None, "a dropped file replaces the example");
        assert_eq!(state.reading, vec!["small.xml"]);
        assert_eq!(state.inputs.len(), 1);
        assert_eq!(state.inputs[0].data, InputData::File(file.clone()));
        assert_eq!((state.inputs[0].data.len(), state.trace_bytes()), (100 << 20, 100 << 20));
        assert_eq!(file.handle::<&str>(), Some(&"the browser's File"));
        assert!(file.handle::<String>().is_none());
        let request = state.request(0);
        assert!(!request.in_memory() && !request.debounce);
        assert_eq!(request.inputs[0], ("big.har".to_owned(), InputData::File(file)));
        assert!(request.core_inputs().is_none());
        assert!(request.run().is_err(), "the page cannot analyse a file it did not read");
        assert_eq!(state.trace_texts(), vec![("big.har".to_owned(), None)]);
        assert_ne!(FileRef::new(1, ()), FileRef::new(1, ()), "equal only when it is the same file");
        let state = state.apply(Action::FileRead { name: "small.xml".into(), bytes: b"<a/>".to_vec() });
        assert!(state.reading.is_empty());
        assert_eq!(state.inputs[1].data.bytes(), Some(&b"<a/>"[..]));
    }

    #[test]
    fn an_input_the_worker_cannot_read_leaves_the_trace_as_a_read_error() {
        let state = AppState::default()
            .apply(Action::FileRead { name: "a.xml".into(), bytes: b"<a/>".to_vec() })
            .apply(Action::FileAdded { name: "big.har".into(), file: FileRef::new(1 << 20, ()) })
            .apply(Action::SetPaste("<p/>".into()));
        let g = state.generation;
        let unreadable = |generation, index| Action::InputUnreadable {
            generation,
            index,
            message: "NotReadableError: the file changed".into(),
        };
        // About an older request (the inputs may have moved since), or about the paste area: nothing to remove.
        for ignored in [unreadable(g - 1, 2), unreadable(g, 0), unreadable(g, 3)] {
            let same = state.clone().apply(ignored);
            assert_eq!((same.inputs.len(), same.generation, same.read_errors.len()), (2, g, 0));
        }
        let state = state.apply(unreadable(g, 2));
        assert_eq!(state.inputs.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), vec!["a.xml"]);
        assert_eq!(
            state.read_errors,
            vec![ReadError { name: "big.har".into(), message: "NotReadableError: the file changed".into() }]
        );
        assert_eq!(state.generation, g + 1, "the rest of the trace is analysed again");
        assert!(!state.request(0).debounce);
        assert!(state.request(0).in_memory());
    }

    #[test]
    fn stale_results_are_dropped() {
        let state = AppState::initial(None);
        let old = state.request(0);
        let state = state.apply(Action::SetPaste("x".into()));
        let report = old.run().unwrap();
        let state = state.apply(Action::AnalysisFinished { generation: old.generation, report: Rc::new(report) });
        assert!(state.report.is_none());
        assert!(state.is_stale());
    }

    #[test]
    fn progress_is_shown_for_the_running_generation_and_cancel_stops_it_until_reanalysed() {
        let progress = ProgressView { text: "Scanning HAR: 312 / 840 entries".into(), done: 312, total: 840 };
        let state = AppState::initial(None);
        let g = state.generation;
        // Progress of a generation that is not running (late, or stale) is ignored.
        let state = state.apply(Action::AnalysisProgress { generation: g, progress: progress.clone() });
        assert_eq!(state.progress, None);
        let state = state
            .apply(Action::AnalysisStarted(g))
            .apply(Action::AnalysisProgress { generation: g, progress: progress.clone() });
        assert_eq!(state.progress, Some(progress.clone()));
        let stale = state.clone().apply(Action::SetPaste("x".into()));
        let later = ProgressView { text: "Scanning HAR: 400 / 840 entries".into(), done: 400, total: 840 };
        let ignored = stale.clone().apply(Action::AnalysisProgress { generation: g, progress: later });
        assert_eq!(ignored.progress, Some(progress), "the trace changed: the old job's progress is not news");
        assert_eq!(stale.apply(Action::AnalysisStarted(g + 1)).progress, None, "a new analysis starts afresh");

        let cancelled = state.apply(Action::CancelAnalysis);
        assert_eq!((cancelled.running, &cancelled.progress, cancelled.cancelled), (None, &None, true));
        assert_eq!(cancelled.generation, g, "cancelling changes nothing in the trace");
        let again = cancelled.apply(Action::Reanalyse);
        assert_eq!((again.generation, again.cancelled), (g + 1, false));
        assert!(!again.request(0).debounce);
        // Cancel with nothing running does nothing.
        assert!(!again.apply(Action::CancelAnalysis).cancelled);
    }

    #[test]
    fn global_paste_fills_an_empty_paste_area_then_adds_inputs() {
        let state = AppState::initial(None).apply(Action::GlobalPaste("<first/>".into()));
        assert_eq!(state.paste, "<first/>");
        assert!(state.inputs.is_empty());
        let state = state.apply(Action::GlobalPaste("<second/>".into()));
        assert_eq!(state.inputs.len(), 1);
        assert_eq!(state.inputs[0].origin, InputOrigin::Clipboard);
        let big = "x".repeat(LARGE_PASTE_BYTES + 1);
        let state = AppState::default().apply(Action::GlobalPaste(big));
        assert!(state.paste.is_empty(), "a huge paste must not go into the textarea");
        assert_eq!(state.inputs.len(), 1);
        let g = state.generation;
        assert_eq!(state.apply(Action::GlobalPaste("  ".into())).generation, g);
    }

    #[test]
    fn time_choice_maps_to_the_core_mode_and_reanalyses() {
        let state = AppState::initial(None);
        let g = state.generation;
        let state = state.apply(Action::SetTime(TimeChoice::At(1_800_000_000)));
        assert_eq!(state.generation, g + 1);
        assert_eq!(state.request(5).time.mode, TimeMode::At { unix: 1_800_000_000 });
        let state = state.apply(Action::SetTime(TimeChoice::Now));
        assert_eq!(state.request(5).time, EvaluationTime { mode: TimeMode::Now, now: 5 });
        let state = analysed(state, 1_900_000_000);
        assert_eq!(state.report.unwrap().0.evaluated_at_unix, 1_900_000_000);
    }

    #[test]
    fn profile_edits_are_validated_and_only_reanalyse_the_users_trace() {
        let state = AppState::initial(None);
        let g = state.generation;
        let bad = Profile { tenant_id: Some("nope".into()), ..Profile::default() };
        let state = state.apply(Action::SetProfile(bad));
        assert_eq!(state.profile_errors.len(), 1);
        assert_eq!(state.profile_errors[0].key, "tenant_id");
        assert_eq!(state.generation, g, "the example keeps its own profile");
        let state = state.apply(Action::SetPaste("<x/>".into()));
        let g = state.generation;
        let state = state.apply(Action::SetProfile(Profile::default()));
        assert!(state.profile_errors.is_empty());
        assert_eq!(state.generation, g + 1);
    }

    #[test]
    fn removing_the_last_example_file_leaves_the_example() {
        let state = AppState::initial(None);
        let ids: Vec<u32> = state.inputs.iter().map(|i| i.id).collect();
        let state = state.apply(Action::RemoveInput(ids[0]));
        assert_eq!(state.example, Some(examples::DEFAULT_EXAMPLE));
        let state = state.apply(Action::RemoveInput(ids[1]));
        assert_eq!(state.example, None);
        assert!(state.is_empty());
        let g = state.generation;
        assert_eq!(state.apply(Action::RemoveInput(999)).generation, g);
    }

    #[test]
    fn shared_state_restores_inputs_profile_and_time() {
        let profile = Profile { tenant_id: Some(examples::TENANT_ID.into()), ..Profile::default() };
        let state = AppState::initial(None).apply(Action::LoadShared(SharedState {
            example: None,
            inputs: vec![("response.xml".into(), "<r/>".into())],
            profile: Some(profile.clone()),
            time: TimeChoice::At(42),
            redacted: false,
            reported: Vec::new(),
        }));
        assert_eq!(state.example, None);
        assert_eq!(state.trace_texts(), vec![("response.xml".to_owned(), Some("<r/>".to_owned()))]);
        assert_eq!(state.profile, profile);
        assert_eq!(state.time, TimeChoice::At(42));
        let state = state.apply(Action::LoadShared(SharedState {
            example: Some("expired-certificate".into()),
            inputs: vec![],
            profile: None,
            time: TimeChoice::Capture,
            redacted: false,
            reported: Vec::new(),
        }));
        assert_eq!(state.example, Some("expired-certificate"));
    }

    #[test]
    fn a_redacted_shared_trace_keeps_its_senders_results_until_the_trace_or_profile_changes() {
        let reported =
            vec![ReportedMessage { input: 0, nth: 0, kind: "Response".into(), id: None, signatures: vec![] }];
        let shared = SharedState {
            example: None,
            inputs: vec![("response.xml".into(), "<r/>".into())],
            profile: Some(Profile::default()),
            time: TimeChoice::Now,
            redacted: true,
            reported: reported.clone(),
        };
        let state = AppState::initial(None).apply(Action::LoadShared(shared.clone()));
        assert_eq!(state.reported.as_deref(), Some(reported.as_slice()));
        assert!(state.notice.as_deref().unwrap_or_default().contains("redacted by its sender"));
        assert_eq!(state.request(0).reported.as_deref(), Some(reported.as_slice()), "the analysis gets them");
        // The time does not change what the signatures are: the results stay.
        let timed = state.clone().apply(Action::SetTime(TimeChoice::At(5)));
        assert!(timed.reported.is_some());
        // Any change to the inputs or the profile drops them (and says so).
        for changed in [
            state.clone().apply(Action::SetPaste("<x/>".into())),
            state.clone().apply(Action::GlobalPaste("<x/>".into())),
            state.clone().apply(Action::FileRead { name: "c.pem".into(), bytes: Vec::new() }),
            state.clone().apply(Action::RemoveInput(state.inputs[0].id)),
            state.clone().apply(Action::SetProfile(Profile { tenant_id: Some("t".into()), ..Profile::default() })),
            state.clone().apply(Action::LoadExample(examples::DEFAULT_EXAMPLE)),
            state.clone().apply(Action::Clear),
        ] {
            assert_eq!(changed.reported, None);
            assert_eq!(changed.request(0).reported, None);
        }
        let pasted = state.clone().apply(Action::SetPaste("<x/>".into()));
        assert!(pasted.notice.as_deref().unwrap_or_default().contains("no longer apply"), "{:?}", pasted.notice);
        // An unredacted link, or a link that shows an example, carries no results.
        let plain =
            AppState::initial(None).apply(Action::LoadShared(SharedState { redacted: false, ..shared.clone() }));
        assert_eq!(plain.reported, None);
        let example = SharedState { example: Some("expired-certificate".into()), ..shared };
        assert_eq!(AppState::initial(None).apply(Action::LoadShared(example)).reported, None);
    }

    #[test]
    fn every_example_loads_and_clear_empties_everything() {
        for e in examples::EXAMPLES {
            let state = AppState::default().apply(Action::LoadExample(e.id));
            assert_eq!(state.example, Some(e.id));
            assert_eq!(state.inputs.len(), e.files.len());
            let state = state.apply(Action::Clear);
            assert!(state.is_empty() && state.example.is_none());
        }
        let g = AppState::default().generation;
        assert_eq!(AppState::default().apply(Action::LoadExample("no-such")).generation, g);
    }
}
