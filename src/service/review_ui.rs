//! The recruiter review page, served by `serve` at `/review`.
//!
//! Input: the review queue and candidates from the [`Store`], the recruiter's
//! form posts. Output: server-rendered HTML (maud: escaped by construction),
//! decisions through the same store calls as the JSON API (`decide`: the
//! correction is stored as a JSON-Pointer diff with who and when, and an
//! approval queues the ATS write), retries of failed ATS writes.
//!
//! Works without JavaScript: every action is a form post; a few lines of
//! script add the keyboard shortcuts (j/k, e, a, r, ?). Login with an API
//! key sets a signed session cookie (HttpOnly, SameSite=Strict;
//! [`super::session`]); every form carries a CSRF token checked on post.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde_json::{Value, json};

use super::AppState;
use super::session::{COOKIE, LIFETIME_SECS};
use crate::store::{Candidate, Decision, Status, Store, StoreError};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/login", web::get().to(login_form))
        .route("/login", web::post().to(login))
        .route("/logout", web::post().to(logout))
        .route("/review", web::get().to(queue))
        .route("/review/{id}", web::get().to(candidate_page))
        .route("/review/{id}/document", web::get().to(document))
        .route("/review/{id}/approve", web::post().to(approve))
        .route("/review/{id}/reject", web::post().to(reject))
        .route("/review/{id}/retry", web::post().to(retry));
}

/// A readable label for a review reason code.
pub fn reason_label(code: &str) -> String {
    match code {
        "no_name" => "Missing name".into(),
        "low_confidence_name" => "Unsure of the name".into(),
        "no_contact" => "No e-mail or phone".into(),
        "no_work_section" => "No work-experience section".into(),
        "no_work_entries" => "No work entries".into(),
        "low_confidence_title" => "Low-confidence job title".into(),
        "low_confidence_employer" => "Low-confidence employer".into(),
        "inconsistent_dates" => "Inconsistent dates".into(),
        "garbled_text" => "Text layer looks like garbage".into(),
        "not_a_resume" => "Probably not a resume".into(),
        "no_education" => "No education found".into(),
        "ats_write_failed" => "ATS write failed".into(),
        other => other.replace('_', " "),
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The session of a request: (cookie value, actor).
fn session(req: &HttpRequest, st: &AppState) -> Option<(String, String)> {
    let c = req.cookie(COOKIE)?;
    let actor = st.sessions.check(c.value(), now())?;
    Some((c.value().to_owned(), actor))
}

fn to_login() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/login"))
        .finish()
}

fn page(title: &str, body: Markup) -> HttpResponse {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · resume-parser review" }
                style { (PreEscaped(CSS)) }
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header {
                    nav aria-label="Main" {
                        a href="/review" { "Review queue" }
                        " "
                        button.linklike type="button" id="help-button" aria-controls="help" { "Shortcuts (?)" }
                    }
                }
                main #main { (body) }
                dialog #help aria-labelledby="help-title" {
                    h2 #help-title { "Keyboard shortcuts" }
                    dl {
                        dt { kbd { "j" } " / " kbd { "k" } } dd { "next / previous item in the queue" }
                        dt { kbd { "Enter" } } dd { "open the selected item" }
                        dt { kbd { "e" } } dd { "edit: focus the first field" }
                        dt { kbd { "a" } } dd { "approve (with the corrections)" }
                        dt { kbd { "r" } } dd { "reject: focus the reason" }
                        dt { kbd { "s" } } dd { "skip to the next item" }
                        dt { kbd { "?" } } dd { "this help" }
                    }
                    form method="dialog" { button { "Close" } }
                }
                script { (PreEscaped(JS)) }
            }
        }
    };
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("x-frame-options", "SAMEORIGIN"))
        .insert_header((
            "content-security-policy",
            "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; frame-ancestors 'self'",
        ))
        .body(markup.into_string())
}

async fn login_form() -> HttpResponse {
    login_page(None)
}

fn login_page(error: Option<&str>) -> HttpResponse {
    let mut r = page(
        "Log in",
        html! {
            h1 { "Log in to review" }
            @if let Some(e) = error { p.error role="alert" { (e) } }
            form #login-form method="post" action="/login" {
                label for="api_key" { "API key" }
                input #api_key type="password" name="api_key" autocomplete="current-password" required autofocus;
                button type="submit" { "Log in" }
            }
        },
    );
    if error.is_some() {
        *r.status_mut() = actix_web::http::StatusCode::UNAUTHORIZED;
    }
    r
}

async fn login(st: web::Data<AppState>, form: web::Form<BTreeMap<String, String>>) -> HttpResponse {
    let key = form.get("api_key").map(String::as_str).unwrap_or("");
    match st.sessions.login(key, now()) {
        Some(value) => {
            let cookie = actix_web::cookie::Cookie::build(COOKIE, value)
                .http_only(true)
                .same_site(actix_web::cookie::SameSite::Strict)
                .path("/")
                .max_age(actix_web::cookie::time::Duration::seconds(LIFETIME_SECS))
                .finish();
            tracing::info!("review login");
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/review"))
                .cookie(cookie)
                .finish()
        }
        None => {
            tracing::warn!("review login refused");
            login_page(Some("That API key is not valid."))
        }
    }
}

async fn logout(
    req: HttpRequest,
    st: web::Data<AppState>,
    form: web::Form<BTreeMap<String, String>>,
) -> HttpResponse {
    if let Some((s, _)) = session(&req, &st)
        && !st
            .sessions
            .csrf_ok(&s, form.get("csrf").map(String::as_str).unwrap_or(""))
    {
        return forbidden();
    }
    let mut gone = actix_web::cookie::Cookie::build(COOKIE, "")
        .path("/")
        .finish();
    gone.make_removal();
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/login"))
        .cookie(gone)
        .finish()
}

fn forbidden() -> HttpResponse {
    HttpResponse::Forbidden()
        .content_type("text/plain; charset=utf-8")
        .body("refused: the form's CSRF token is missing or wrong (reload the page)")
}

fn unavailable(e: StoreError) -> HttpResponse {
    match e {
        StoreError::NotFound => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("no such candidate"),
        StoreError::Conflict(m) => HttpResponse::Conflict()
            .content_type("text/plain; charset=utf-8")
            .body(m),
        other => {
            tracing::error!(error = %other, "review page: store error");
            HttpResponse::ServiceUnavailable()
                .insert_header((header::RETRY_AFTER, "5"))
                .content_type("text/plain; charset=utf-8")
                .body("the store is unavailable; try again shortly")
        }
    }
}

/// The pending candidates, oldest first (up to 500).
async fn pending(store: &dyn Store) -> Result<Vec<Candidate>, StoreError> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = store
            .list(Some(Status::NeedsReview), cursor.as_deref(), 100)
            .await?;
        out.extend(page.items);
        match page.next_cursor {
            Some(c) if out.len() < 500 => cursor = Some(c),
            _ => return Ok(out),
        }
    }
}

fn display_name(c: &Candidate) -> String {
    c.resume
        .pointer("/basics/name")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
        .or_else(|| c.file_name.clone())
        .unwrap_or_else(|| "(no name)".into())
}

#[derive(serde::Deserialize)]
struct QueueQuery {
    reason: Option<String>,
    done: Option<String>,
}

async fn queue(
    req: HttpRequest,
    st: web::Data<AppState>,
    q: web::Query<QueueQuery>,
) -> HttpResponse {
    let Some((sess, _)) = session(&req, &st) else {
        return to_login();
    };
    let all = match pending(st.store.as_ref()).await {
        Ok(a) => a,
        Err(e) => return unavailable(e),
    };
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for c in &all {
        for r in &c.reasons {
            *reasons.entry(r.clone()).or_insert(0) += 1;
        }
    }
    let filter = q.reason.as_deref().filter(|r| !r.is_empty());
    let items: Vec<&Candidate> = all
        .iter()
        .filter(|c| filter.is_none_or(|f| c.reasons.iter().any(|r| r == f)))
        .collect();
    page(
        "Review queue",
        html! {
            h1 { "Review queue " span.count { "(" span #pending-count { (all.len()) } " pending)" } }
            @if let Some(done) = &q.done { p.flash role="status" { (done) } }
            nav.filters aria-label="Filter by reason" {
                a.filter href="/review" aria-current=[filter.is_none().then_some("page")] { "All (" (all.len()) ")" }
                @for (code, n) in &reasons {
                    " "
                    a.filter href={ "/review?reason=" (code) } aria-current=[(filter == Some(code.as_str())).then_some("page")] {
                        (reason_label(code)) " (" (n) ")"
                    }
                }
            }
            @if items.is_empty() {
                p { "Nothing to review." }
            } @else {
                table #queue {
                    caption.visually-hidden { "Candidates waiting for review, oldest first" }
                    thead { tr {
                        th scope="col" { "Candidate" }
                        th scope="col" { "Source" }
                        th scope="col" { "Received" }
                        th scope="col" { "Confidence" }
                        th scope="col" { "Flagged for" }
                    } }
                    tbody {
                        @for c in &items {
                            tr.item data-id=(c.id) {
                                td { a.open href={ "/review/" (c.id) } { (display_name(c)) } }
                                td { (c.source.as_deref().unwrap_or("—")) }
                                td { time datetime=(c.created_at) { (c.created_at.get(..16).unwrap_or(&c.created_at).replace('T', " ")) } }
                                td { (format!("{:.2}", c.confidence)) }
                                td { @for r in &c.reasons { span.reason data-code=(r) { (reason_label(r)) } " " } }
                            }
                        }
                    }
                }
            }
            form method="post" action="/logout" {
                input type="hidden" name="csrf" value=(st.sessions.csrf(&sess));
                button.linklike type="submit" { "Log out" }
            }
        },
    )
}

/// How sure the parser was of a field: (css class, label, evidence line).
fn field_info(parse: &Value, pointer: &str, lines: &[&str]) -> (String, Option<String>) {
    let Some(info) = parse.pointer("/fields").and_then(|f| f.get(pointer)) else {
        return ("unknown".into(), None);
    };
    let level = info["level"].as_str().unwrap_or("unknown").to_owned();
    let evidence = info["source"]["line"]
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n >= 1)
        .and_then(|n| lines.get(n - 1).map(|l| format!("line {n}: {}", l.trim())));
    (level, evidence)
}

fn input_id(name: &str) -> String {
    name.replace('.', "-")
}

/// One editable field with its label, confidence and evidence.
fn field(
    name: &str,
    label: &str,
    value: &str,
    pointer: &str,
    parse: &Value,
    lines: &[&str],
) -> Markup {
    let (level, evidence) = field_info(parse, pointer, lines);
    let id = input_id(name);
    let hint = format!("{id}-hint");
    html! {
        div class={ "field " (level) } {
            label for=(id) {
                (label)
                @if level == "unlikely" || level == "probable" {
                    " " span.badge { (if level == "unlikely" { "check" } else { "unsure" }) }
                }
            }
            input id=(id) name=(name) type="text" value=(value) aria-describedby=[evidence.as_ref().map(|_| hint.clone())];
            @if let Some(e) = evidence { small.evidence id=(hint) { (e) } }
        }
    }
}

fn text_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

async fn candidate_page(
    req: HttpRequest,
    st: web::Data<AppState>,
    path: web::Path<String>,
) -> HttpResponse {
    let Some((sess, _)) = session(&req, &st) else {
        return to_login();
    };
    let id = path.into_inner();
    let c = match st.store.get(&id).await {
        Ok(c) => c,
        Err(e) => return unavailable(e),
    };
    let text = st.store.text(&id).await.unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let csrf = st.sessions.csrf(&sess);
    let next = pending(st.store.as_ref())
        .await
        .ok()
        .and_then(|all| {
            let at = all.iter().position(|x| x.id == id);
            all.into_iter()
                .skip(at.map_or(0, |i| i + 1))
                .find(|x| x.id != id)
        })
        .map(|x| x.id);
    let r = &c.resume;
    let empty = Vec::new();
    let work = r["work"].as_array().unwrap_or(&empty);
    let education = r["education"].as_array().unwrap_or(&empty);
    let skills: Vec<String> = r["skills"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .flat_map(|s| {
            s["keywords"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
        })
        .collect();
    let in_queue = c.status == Status::NeedsReview;
    let is_pdf = c.content_type == "application/pdf";
    page(
        &display_name(&c),
        html! {
            h1 { (display_name(&c)) }
            p.meta {
                "Status: " strong { (c.status.as_str()) } " · confidence " (format!("{:.2}", c.confidence))
                " · received " (c.created_at.get(..16).unwrap_or(&c.created_at).replace('T', " "))
                @if let Some(s) = &c.source { " · source " (s) }
            }
            @if !c.reasons.is_empty() {
                p { "Flagged for: " @for reason in &c.reasons { span.reason data-code=(reason) { (reason_label(reason)) } " " } }
            }
            div.split {
                section.doc aria-label="Original document" {
                    @if is_pdf {
                        iframe #document src={ "/review/" (c.id) "/document" } title="The original resume (PDF)" {}
                    } @else {
                        pre #document-text tabindex="0" aria-label="Extracted text with line numbers" {
                            @for (n, l) in lines.iter().enumerate() {
                                span.ln id={ "line-" (n + 1) } { span.no aria-hidden="true" { (n + 1) } " " (l) "\n" }
                            }
                        }
                    }
                }
                section.fields aria-label="Parsed fields" {
                    @if in_queue {
                        form #candidate-form method="post" action={ "/review/" (c.id) "/approve" } {
                            input type="hidden" name="csrf" value=(csrf);
                            fieldset {
                                legend { "Contact" }
                                (field("basics.name", "Name", text_at(r, "/basics/name"), "/basics/name", &c.parse, &lines))
                                (field("basics.email", "E-mail", text_at(r, "/basics/email"), "/basics/email", &c.parse, &lines))
                                (field("basics.phone", "Phone", text_at(r, "/basics/phone"), "/basics/phone", &c.parse, &lines))
                                (field("basics.label", "Headline", text_at(r, "/basics/label"), "/basics/label", &c.parse, &lines))
                            }
                            // Every work entry, and one blank entry to add a missing role.
                            @for i in 0..=work.len() {
                                fieldset.entry {
                                    legend { @if i < work.len() { "Work " (i + 1) } @else { "Add a work entry" } }
                                    (field(&format!("work.{i}.position"), "Title", text_at(r, &format!("/work/{i}/position")), &format!("/work/{i}/position"), &c.parse, &lines))
                                    @if let Some(norm) = work.get(i).map(|w| &w["x_normalized_title"]).filter(|n| n.is_object()) {
                                        (occupation(i, norm))
                                    }
                                    (field(&format!("work.{i}.name"), "Employer", text_at(r, &format!("/work/{i}/name")), &format!("/work/{i}/name"), &c.parse, &lines))
                                    (field(&format!("work.{i}.startDate"), "Start (YYYY-MM)", text_at(r, &format!("/work/{i}/startDate")), &format!("/work/{i}/startDate"), &c.parse, &lines))
                                    (field(&format!("work.{i}.endDate"), "End (YYYY-MM, empty = present)", text_at(r, &format!("/work/{i}/endDate")), &format!("/work/{i}/endDate"), &c.parse, &lines))
                                }
                            }
                            @for i in 0..=education.len() {
                                fieldset.entry {
                                    legend { @if i < education.len() { "Education " (i + 1) } @else { "Add an education entry" } }
                                    (field(&format!("education.{i}.institution"), "Institution", text_at(r, &format!("/education/{i}/institution")), &format!("/education/{i}/institution"), &c.parse, &lines))
                                    (field(&format!("education.{i}.studyType"), "Degree", text_at(r, &format!("/education/{i}/studyType")), &format!("/education/{i}/studyType"), &c.parse, &lines))
                                    (field(&format!("education.{i}.area"), "Field of study", text_at(r, &format!("/education/{i}/area")), &format!("/education/{i}/area"), &c.parse, &lines))
                                    (field(&format!("education.{i}.endDate"), "Graduated (YYYY or YYYY-MM)", text_at(r, &format!("/education/{i}/endDate")), &format!("/education/{i}/endDate"), &c.parse, &lines))
                                }
                            }
                            fieldset {
                                legend { "Skills" }
                                div.field {
                                    label for="skills" { "Skills (comma-separated)" }
                                    textarea #skills name="skills" rows="3" { (skills.join(", ")) }
                                }
                            }
                            div.actions {
                                button #approve type="submit" { "Approve" } " "
                                @if let Some(n) = &next { a.button #skip href={ "/review/" (n) } { "Skip" } } @else { a.button #skip href="/review" { "Skip" } }
                            }
                        }
                        form #reject-form method="post" action={ "/review/" (c.id) "/reject" } {
                            input type="hidden" name="csrf" value=(csrf);
                            label for="reject-reason" { "Reason for rejecting" }
                            textarea #reject-reason name="reason" rows="2" required {}
                            button #reject type="submit" { "Reject" }
                        }
                        @if c.reasons.iter().any(|r| r == "ats_write_failed") {
                            form #retry-form method="post" action={ "/review/" (c.id) "/retry" } {
                                input type="hidden" name="csrf" value=(csrf);
                                p { "The ATS refused or could not take this candidate. Fix the ATS side (key, mapping, job), then:" }
                                button #retry type="submit" { "Retry the ATS write" }
                            }
                        }
                    } @else {
                        p { "This candidate is " (c.status.as_str()) "; there is nothing to review." }
                        pre.json { (serde_json::to_string_pretty(&c.resume).unwrap_or_default()) }
                    }
                }
            }
        },
    )
}

/// The normalized occupation and its alternatives, to pick from.
fn occupation(i: usize, norm: &Value) -> Markup {
    let name = format!("work.{i}.occupation");
    let id = input_id(&name);
    let current = norm["onet_soc"].as_str().unwrap_or("");
    let mut options: Vec<(String, String, f64)> = Vec::new();
    if !current.is_empty() {
        options.push((
            current.to_owned(),
            norm["title"].as_str().unwrap_or("").to_owned(),
            norm["confidence"].as_f64().unwrap_or(0.0),
        ));
    }
    for a in norm["alternatives"].as_array().into_iter().flatten() {
        if let Some(code) = a["onet_soc"].as_str()
            && !options.iter().any(|o| o.0 == code)
        {
            options.push((
                code.to_owned(),
                a["title"].as_str().unwrap_or("").to_owned(),
                a["confidence"].as_f64().unwrap_or(0.0),
            ));
        }
    }
    html! {
        div.field {
            label for=(id) { "Occupation (O*NET-SOC)" }
            select id=(id) name=(name) {
                option value="" selected[current.is_empty()] { "— none / decline —" }
                @for (code, title, conf) in &options {
                    option value=(code) selected[code == current] { (title) " (" (code) ", " (format!("{conf:.2}")) ")" }
                }
            }
            @if current.is_empty() {
                small.evidence { "Declined: " (norm["reason"].as_str().unwrap_or("no occupation fits")) }
            }
        }
    }
}

async fn document(
    req: HttpRequest,
    st: web::Data<AppState>,
    path: web::Path<String>,
) -> HttpResponse {
    if session(&req, &st).is_none() {
        return HttpResponse::Unauthorized().finish();
    }
    match st.store.document(&path).await {
        Ok((ct, _, bytes)) => HttpResponse::Ok()
            .content_type(ct)
            .insert_header((header::CONTENT_DISPOSITION, "inline"))
            .insert_header(("x-content-type-options", "nosniff"))
            .body(bytes),
        Err(e) => unavailable(e),
    }
}

/// The session and a valid CSRF token, or the response to send instead.
fn guard(
    req: &HttpRequest,
    st: &AppState,
    form: &BTreeMap<String, String>,
) -> Result<String, Box<HttpResponse>> {
    let Some((sess, actor)) = session(req, st) else {
        return Err(Box::new(to_login()));
    };
    let token = form.get("csrf").map(String::as_str).unwrap_or("");
    if !st.sessions.csrf_ok(&sess, token) {
        tracing::warn!(path = %req.path(), "review post refused: bad CSRF token");
        return Err(Box::new(forbidden()));
    }
    Ok(actor)
}

/// The stored resume with the form's corrections applied. Changed titles
/// are normalized again; an occupation picked from the alternatives wins.
pub fn corrected(
    resume: &Value,
    form: &BTreeMap<String, String>,
    normalize: &dyn Fn(&str) -> Value,
) -> Value {
    let mut r = resume.clone();
    if !r.is_object() {
        r = json!({});
    }
    let set = |obj: &mut Value, key: &str, v: Option<&String>| {
        if let Some(v) = v {
            let v = v.trim();
            if v.is_empty() {
                if let Some(o) = obj.as_object_mut() {
                    o.remove(key);
                }
            } else {
                obj[key] = Value::String(v.to_owned());
            }
        }
    };
    if !r["basics"].is_object() {
        r["basics"] = json!({});
    }
    for key in ["name", "email", "phone", "label"] {
        set(&mut r["basics"], key, form.get(&format!("basics.{key}")));
    }
    for (list, keys) in [
        ("work", &["position", "name", "startDate", "endDate"][..]),
        (
            "education",
            &["institution", "studyType", "area", "endDate"][..],
        ),
    ] {
        let mut items: Vec<Value> = r[list].as_array().cloned().unwrap_or_default();
        // Existing entries, then the blank "add" entry when filled in.
        for i in 0..=items.len() {
            let present = keys.iter().any(|k| {
                form.get(&format!("{list}.{i}.{k}"))
                    .is_some_and(|v| !v.trim().is_empty())
            });
            if i == items.len() {
                if !present {
                    break;
                }
                items.push(json!({}));
            }
            let before = items[i]["position"].as_str().map(str::to_owned);
            for k in keys {
                set(&mut items[i], k, form.get(&format!("{list}.{i}.{k}")));
            }
            if list == "work" {
                let after = items[i]["position"].as_str().map(str::to_owned);
                if after != before {
                    match &after {
                        Some(t) => items[i]["x_normalized_title"] = normalize(t),
                        None => {
                            if let Some(o) = items[i].as_object_mut() {
                                o.remove("x_normalized_title");
                            }
                        }
                    }
                }
                // The occupation choice was offered for the old title: it
                // applies only when the title stayed as it was.
                if after == before
                    && let Some(code) = form.get(&format!("work.{i}.occupation"))
                {
                    pick_occupation(&mut items[i], code.trim());
                }
                if items[i]["endDate"].is_null() && items[i].get("startDate").is_some() {
                    // An empty end date means the role is current.
                    items[i]["x_current"] = Value::Bool(true);
                } else if let Some(o) = items[i].as_object_mut() {
                    o.remove("x_current");
                }
            }
        }
        // Entries the recruiter emptied entirely are dropped.
        items.retain(|it| keys.iter().any(|k| it.get(*k).is_some()));
        r[list] = Value::Array(items);
    }
    if let Some(skills) = form.get("skills") {
        let keywords: Vec<Value> = skills
            .split([',', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Value::String(s.to_owned()))
            .collect();
        let before: Vec<&str> = r["skills"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| s["keywords"].as_array().into_iter().flatten())
            .filter_map(Value::as_str)
            .collect();
        let after: Vec<&str> = keywords.iter().filter_map(Value::as_str).collect();
        if before != after {
            r["skills"] = if keywords.is_empty() {
                json!([])
            } else {
                json!([{"name": "Skills", "keywords": keywords}])
            };
        }
    }
    r
}

/// The recruiter picked an occupation from the alternatives (or declined).
fn pick_occupation(work: &mut Value, code: &str) {
    let norm = &mut work["x_normalized_title"];
    if !norm.is_object() || norm["onet_soc"].as_str() == Some(code) {
        return;
    }
    if code.is_empty() {
        // Declined: no occupation at all goes to the ATS.
        if let Some(o) = norm.as_object_mut() {
            for k in ["title", "soc2018", "isco08", "seniority", "alternatives"] {
                o.remove(k);
            }
        }
        norm["onet_soc"] = Value::Null;
        norm["confidence"] = json!(0.0);
        norm["method"] = Value::String("reviewer".into());
        norm["reason"] = Value::String("declined by the reviewer".into());
        return;
    }
    let alt = norm["alternatives"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["onet_soc"].as_str() == Some(code)))
        .cloned();
    if let Some(alt) = alt {
        for k in ["onet_soc", "title", "soc2018", "isco08"] {
            if let Some(v) = alt.get(k) {
                norm[k] = v.clone();
            }
        }
        norm["confidence"] = json!(1.0);
        norm["method"] = Value::String("reviewer".into());
    }
}

async fn approve(
    req: HttpRequest,
    st: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<BTreeMap<String, String>>,
) -> HttpResponse {
    let actor = match guard(&req, &st, &form) {
        Ok(a) => a,
        Err(r) => return *r,
    };
    let id = path.into_inner();
    let current = match st.store.get(&id).await {
        Ok(c) => c,
        Err(e) => return unavailable(e),
    };
    let pipeline = st.parser.pipeline().clone();
    let normalize =
        move |t: &str| serde_json::to_value(pipeline.normalize_title(t)).unwrap_or(Value::Null);
    let fixed = corrected(&current.resume, &form, &normalize);
    let changed = fixed != current.resume;
    match st
        .store
        .decide(
            &id,
            &actor,
            Decision::Approve {
                corrected: changed.then_some(fixed),
            },
        )
        .await
    {
        Ok(c) => {
            tracing::info!(candidate = %c.id, actor = %actor, corrected = changed, "approved on the review page");
            back_to_queue("Approved; the ATS write is queued.")
        }
        Err(e) => unavailable(e),
    }
}

fn back_to_queue(msg: &str) -> HttpResponse {
    let q: String = url_encode(msg);
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/review?done={q}")))
        .finish()
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn reject(
    req: HttpRequest,
    st: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<BTreeMap<String, String>>,
) -> HttpResponse {
    let actor = match guard(&req, &st, &form) {
        Ok(a) => a,
        Err(r) => return *r,
    };
    let reason = form
        .get("reason")
        .map(|r| r.trim().chars().take(500).collect::<String>())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "rejected on the review page".into());
    match st
        .store
        .decide(&path, &actor, Decision::Reject { reason })
        .await
    {
        Ok(c) => {
            tracing::info!(candidate = %c.id, actor = %actor, "rejected on the review page");
            back_to_queue("Rejected.")
        }
        Err(e) => unavailable(e),
    }
}

async fn retry(
    req: HttpRequest,
    st: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<BTreeMap<String, String>>,
) -> HttpResponse {
    let actor = match guard(&req, &st, &form) {
        Ok(a) => a,
        Err(r) => return *r,
    };
    match st.store.retry_delivery(&path, &actor).await {
        Ok(c) => {
            tracing::info!(candidate = %c.id, actor = %actor, "ats write retried on the review page");
            back_to_queue("The ATS write is queued again.")
        }
        Err(e) => unavailable(e),
    }
}

const CSS: &str = r#"
:root { color-scheme: light; --fg:#1a1a1a; --muted:#555; --bg:#fff; --accent:#0b57d0; --warn:#8a4b00; --warnbg:#fff4e0; --bad:#a00; --badbg:#fde8e8; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
header { background: #f3f4f6; padding: .5rem 1rem; border-bottom: 1px solid #ddd; }
header a, .linklike { color: var(--accent); font: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline; }
main { padding: 1rem; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .25rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #e2e2e2; vertical-align: top; }
tr.item.selected { background: #e8f0fe; }
.reason { display: inline-block; background: var(--warnbg); color: var(--warn); border-radius: 3px; padding: 0 .35rem; font-size: .85em; margin: 1px 0; }
.reason[data-code=ats_write_failed] { background: var(--badbg); color: var(--bad); }
.filters { margin: .5rem 0 1rem; } .filters a { margin-right: .5rem; } .filters a[aria-current] { font-weight: bold; }
.flash { background: #e6f4ea; padding: .4rem .6rem; }
.error { background: var(--badbg); color: var(--bad); padding: .4rem .6rem; }
.split { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
@media (max-width: 900px) { .split { grid-template-columns: 1fr; } }
iframe#document { width: 100%; height: 85vh; border: 1px solid #ccc; }
pre#document-text { max-height: 85vh; overflow: auto; border: 1px solid #ccc; padding: .5rem; white-space: pre-wrap; font-size: 13px; }
.ln .no { color: var(--muted); display: inline-block; min-width: 3ch; text-align: right; user-select: none; }
fieldset { border: 1px solid #ddd; margin: 0 0 .8rem; padding: .5rem .8rem; }
.field { margin: .35rem 0; }
.field label { display: block; font-weight: 600; font-size: .9em; }
.field input, .field select, textarea { width: 100%; font: inherit; padding: .3rem .4rem; border: 1px solid #8a8a8a; border-radius: 3px; }
.field.probable input { border: 2px solid #c77700; background: var(--warnbg); }
.field.unlikely input { border: 2px solid var(--bad); background: var(--badbg); }
.badge { font-weight: normal; font-size: .8em; color: var(--warn); }
.evidence { display: none; color: var(--muted); font-size: .85em; }
.field:focus-within .evidence { display: block; }
.actions { margin: .8rem 0; }
button, a.button { font: inherit; padding: .4rem 1rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
a.button { background: #fff; color: var(--accent); }
#reject-form button { background: var(--bad); border-color: var(--bad); }
pre.json { background: #f6f6f6; padding: .5rem; overflow: auto; }
kbd { border: 1px solid #999; border-radius: 3px; padding: 0 .3rem; }
"#;

const JS: &str = r#"
(function () {
  var help = document.getElementById('help');
  var hb = document.getElementById('help-button');
  if (hb && help && help.showModal) hb.addEventListener('click', function () { help.showModal(); });
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.item'));
  var sel = -1;
  function select(i) {
    if (!rows.length) return;
    sel = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r, n) { r.classList.toggle('selected', n === sel); });
    var a = rows[sel].querySelector('a.open'); if (a) a.focus();
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target.tagName;
    if (t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT' || e.ctrlKey || e.metaKey || e.altKey) return;
    var f;
    switch (e.key) {
      case 'j': select(sel + 1); break;
      case 'k': select(sel - 1); break;
      case 'e': f = document.querySelector('#candidate-form input[type=text]'); if (f) { f.focus(); e.preventDefault(); } break;
      case 'a': f = document.getElementById('approve'); if (f) { f.click(); } break;
      case 'r': f = document.getElementById('reject-reason'); if (f) { f.focus(); e.preventDefault(); } break;
      case 's': f = document.getElementById('skip'); if (f) { f.click(); } break;
      case '?': if (help && help.showModal) help.showModal(); break;
      default: return;
    }
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn corrections_apply_and_renormalize() {
        let resume = json!({
            "basics": {"name": "Jane Doe", "email": "jane@old.example"},
            "work": [{"position": "Sales Rep", "name": "Acme", "startDate": "2019-01",
                      "x_normalized_title": {"onet_soc": "41-4012.00", "title": "Sales Reps"}}],
            "education": [],
            "skills": [{"name": "Skills", "keywords": ["Excel"]}]
        });
        let norm =
            |t: &str| json!({"input": t, "onet_soc": "15-1252.00", "title": "Software Developers"});
        let f = form(&[
            ("basics.email", "jane@new.example"),
            ("basics.name", "Jane Doe"),
            ("work.0.position", "Software Engineer"),
            ("work.0.name", "Acme"),
            ("work.0.startDate", "2019-01"),
            ("work.0.endDate", ""),
            ("work.1.position", "Intern"),
            ("work.1.name", "Initech"),
            ("education.0.institution", ""),
            ("skills", "Excel, SQL"),
        ]);
        let r = corrected(&resume, &f, &norm);
        assert_eq!(r["basics"]["email"], "jane@new.example");
        assert_eq!(r["work"][0]["position"], "Software Engineer");
        assert_eq!(r["work"][0]["x_normalized_title"]["onet_soc"], "15-1252.00");
        assert_eq!(r["work"][0]["x_current"], true);
        assert_eq!(
            r["work"][1]["name"], "Initech",
            "the blank entry adds a role"
        );
        assert_eq!(r["education"], json!([]));
        assert_eq!(r["skills"][0]["keywords"], json!(["Excel", "SQL"]));
        // A changed title ignores the occupation choice made for the old one.
        let with_choice = {
            let mut f = f.clone();
            f.insert("work.0.occupation".into(), String::new());
            f
        };
        let r2 = corrected(&resume, &with_choice, &norm);
        assert_eq!(
            r2["work"][0]["x_normalized_title"]["onet_soc"],
            "15-1252.00"
        );
        // The same title, declined: no occupation left.
        let decline = form(&[("work.0.position", "Sales Rep"), ("work.0.occupation", "")]);
        let r3 = corrected(&resume, &decline, &norm);
        assert!(r3["work"][0]["x_normalized_title"]["onet_soc"].is_null());
        assert!(r3["work"][0]["x_normalized_title"].get("title").is_none());
        // Nothing changed: the same resume back.
        let same = form(&[("basics.email", "jane@old.example"), ("skills", "Excel")]);
        assert_eq!(corrected(&resume, &same, &norm)["basics"], resume["basics"]);
    }

    #[test]
    fn labels_are_readable() {
        assert_eq!(reason_label("ats_write_failed"), "ATS write failed");
        assert_eq!(reason_label("some_new_code"), "some new code");
    }
}
