//! `cairn publish`: lesson packs made into a static site. The pages are
//! read with an HTML parser (landmarks, one `h1`, headings in order, every
//! lesson linked, no script or handler from a pack, however hostile), the
//! feeds with an XML parser and as JSON against what Atom 1.0 and JSON
//! Feed 1.1 require, `lessons.json` with cairn's own pack parser; a second
//! publish rewrites only the files that changed and removes only pages
//! cairn made; Markdown, foreign and broken packs are refused with why.

use std::fs;
use std::path::{Path, PathBuf};

use cairn::model::{Kind, LessonPack, PackLesson, PackTerms};
use cairn::publish::{PublishError, PublishOptions, PublishReport, publish};
use scraper::{Html, Selector};

const NETWORK: &str = "ukgovcamp";

fn lesson(id: &str, title: &str, body: &str, updated: &str) -> PackLesson {
    let mut l = PackLesson {
        id: id.into(),
        kind: Kind::Lesson,
        title: title.into(),
        body: body.into(),
        tags: vec!["procurement".into()],
        created: "2026-01-02T09:00:00Z".into(),
        updated: updated.into(),
        language: "en".into(),
        licence: "CC-BY-4.0".into(),
        stage: None,
        effort: None,
        hash: String::new(),
        signer: None,
        signature: None,
    };
    l.hash = l.digest();
    l
}

fn write_pack(dir: &Path, name: &str, author: Option<&str>, lessons: Vec<PackLesson>) -> PathBuf {
    let terms = PackTerms {
        author: author.map(String::from),
        ..PackTerms::default()
    };
    let t0 = time::macros::datetime!(2026-11-01 12:00 UTC);
    let mut pack = LessonPack::new(NETWORK, t0, &terms);
    pack.lessons = lessons;
    let path = dir.join(name);
    fs::write(&path, serde_json::to_vec_pretty(&pack).unwrap()).unwrap();
    path
}

fn options(packs: Vec<PathBuf>, out: &Path) -> PublishOptions {
    PublishOptions {
        network: NETWORK.into(),
        title: Some("UKGovCamp".into()),
        base_url: Some("https://lessons.example.org/ukgovcamp".into()),
        packs,
        out: out.to_path_buf(),
        catalogue: None,
        limit: 64 * 1024 * 1024,
    }
}

fn two_packs(dir: &Path) -> Vec<PathBuf> {
    vec![
        write_pack(
            dir,
            "ann.json",
            Some("Ann"),
            vec![
                lesson(
                    "a1",
                    "Start small",
                    "## Why\n\nShow results **first**.\n\n#### Detail\n\nMore.",
                    "2026-03-01T10:00:00Z",
                ),
                lesson("dup", "Old version", "old", "2026-02-01T10:00:00Z"),
            ],
        ),
        write_pack(
            dir,
            "bo.json",
            Some("Bo"),
            vec![
                lesson(
                    "b1",
                    "Bring the risk owner",
                    "Early.",
                    "2026-04-01T10:00:00Z",
                ),
                // The same moment written with another offset is not newer.
                lesson("dup", "New version", "new", "2026-02-01T11:00:00+01:00"),
            ],
        ),
    ]
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn page(path: &Path) -> Html {
    Html::parse_document(&fs::read_to_string(path).unwrap())
}

/// What every page must be, whatever the packs held.
fn check_page(doc: &Html, ours: &str) {
    assert_eq!(
        doc.select(&sel("html[lang]")).count(),
        1,
        "{ours}: html has a lang"
    );
    for landmark in ["header", "nav", "main", "footer"] {
        assert_eq!(
            doc.select(&sel(landmark)).count(),
            1,
            "{ours}: one {landmark}"
        );
    }
    assert_eq!(doc.select(&sel("h1")).count(), 1, "{ours}: one h1");
    let mut level = 1;
    for h in doc.select(&sel("h1, h2, h3, h4, h5, h6")) {
        let l: usize = h.value().name()[1..].parse().unwrap();
        assert!(l <= level + 1, "{ours}: h{l} after h{level}");
        level = l;
    }
    let csp = doc
        .select(&sel("meta[http-equiv='Content-Security-Policy']"))
        .next()
        .expect("a CSP");
    let csp = csp.value().attr("content").unwrap();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("http"),
        "{csp}"
    );
    // No handler, no remote load, no script address anywhere.
    for el in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "{ours}: handler {name}={value}");
            if matches!(name, "href" | "src" | "action" | "formaction") {
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !v.contains("script:") && !v.starts_with("data:"),
                    "{ours}: {name}={value}"
                );
            }
            assert!(name != "src", "{ours}: nothing is loaded: {el:?}");
        }
        assert!(
            !matches!(
                el.value().name(),
                "img" | "iframe" | "object" | "embed" | "base"
            ),
            "{ours}: {el:?}"
        );
    }
    // The only scripts are cairn's: the data block and the filter.
    for s in doc.select(&sel("script")) {
        let text: String = s.text().collect();
        match s.value().attr("type") {
            Some("application/json") => {
                serde_json::from_str::<serde_json::Value>(&text).expect("the data is JSON");
            }
            _ => assert!(
                text.contains("lesson-data"),
                "{ours}: a script not cairn's: {text}"
            ),
        }
    }
}

fn atom(path: &Path) -> Vec<(Vec<String>, String)> {
    // Every element with its path of names, and its text; fails if the XML
    // is not well-formed.
    use quick_xml::events::Event;
    let text = fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if stack.is_empty() {
                    assert_eq!(name, "feed");
                    let ns = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == b"xmlns")
                        .expect("a namespace");
                    assert_eq!(ns.value.as_ref(), b"http://www.w3.org/2005/Atom");
                }
                stack.push(name);
                out.push((stack.clone(), String::new()));
            }
            Event::Empty(e) => {
                let mut p = stack.clone();
                p.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                let attrs: Vec<String> = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        format!(
                            "{}={}",
                            String::from_utf8_lossy(a.key.as_ref()),
                            a.unescape_value().unwrap()
                        )
                    })
                    .collect();
                out.push((p, attrs.join(" ")));
            }
            Event::Text(t) => {
                if let Some(last) = out.last_mut().filter(|l| l.0 == stack) {
                    last.1.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(last) = out.last_mut().filter(|l| l.0 == stack) {
                    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                    last.1.push_str(match name.as_str() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unknown entity {other}"),
                    });
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty());
    out
}

fn count(elements: &[(Vec<String>, String)], path: &[&str]) -> usize {
    elements.iter().filter(|(p, _)| p == path).count()
}

#[test]
fn a_site_holds_every_lesson_once_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let report = publish(&options(two_packs(dir.path()), &out)).unwrap();
    assert_eq!((report.packs, report.lessons, report.superseded), (2, 3, 1));
    assert!(report.refused.is_empty());
    // lessons.json is a pack cairn itself reads.
    let bytes = fs::read(out.join("lessons.json")).unwrap();
    let (pack, warnings) = cairn::share::parse_pack(&bytes, "lessons.json", 1 << 26).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let ids: Vec<&str> = pack.lessons.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["b1", "a1", "dup"]);
    // At the same moment the later pack wins, as in an import.
    assert_eq!(pack.lessons[2].title, "New version");
    assert_eq!(pack.exported, "2026-04-01T10:00:00Z");
    assert_eq!(
        pack.author, None,
        "two authors: none named for the whole pack"
    );

    let index = page(&out.join("index.html"));
    check_page(&index, "index.html");
    let links: Vec<String> = index
        .select(&sel("#lessons a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        links,
        ["lessons/b1.html", "lessons/a1.html", "lessons/dup.html"]
    );
    for link in &links {
        assert!(out.join(link).is_file(), "{link}");
    }
    let data = index.select(&sel("#lesson-data")).next().unwrap();
    let data: serde_json::Value = serde_json::from_str(&data.text().collect::<String>()).unwrap();
    assert_eq!(data.as_array().unwrap().len(), 3);
    assert_eq!(
        data[1]["s"].as_str().unwrap(),
        data[1]["s"].as_str().unwrap().to_lowercase()
    );
    assert!(
        index
            .select(&sel("form#filters input[type=search]"))
            .next()
            .is_some()
    );
    assert!(index.select(&sel("label[for=q]")).next().is_some());

    let a1 = page(&out.join("lessons/a1.html"));
    check_page(&a1, "lessons/a1.html");
    let h1: String = a1.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(h1, "Start small");
    assert_eq!(a1.select(&sel(".body h2")).count(), 1);
    assert_eq!(
        a1.select(&sel(".body h3")).count(),
        1,
        "#### under ## becomes h3"
    );
    let back = a1.select(&sel("nav a")).next().unwrap();
    assert_eq!(back.value().attr("href"), Some("../index.html"));
    let by: String = a1.select(&sel("dl.facts")).next().unwrap().text().collect();
    assert!(by.contains("Ann"), "{by}");
}

#[test]
fn feeds_are_atom_and_json_feed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    publish(&options(two_packs(dir.path()), &out)).unwrap();

    let xml = atom(&out.join("feed.xml"));
    for required in ["id", "title", "updated", "author"] {
        assert_eq!(count(&xml, &["feed", required]), 1, "feed/{required}");
    }
    assert_eq!(count(&xml, &["feed", "entry"]), 3);
    for required in ["id", "title", "updated", "content"] {
        assert_eq!(
            count(&xml, &["feed", "entry", required]),
            3,
            "entry/{required}"
        );
    }
    let links: Vec<&String> = xml
        .iter()
        .filter(|(p, _)| p == &["feed", "link"])
        .map(|(_, a)| a)
        .collect();
    assert!(
        links.iter().any(|a| a.contains("rel=self")
            && a.contains("href=https://lessons.example.org/ukgovcamp/feed.xml")),
        "{links:?}"
    );
    let ids: Vec<&String> = xml
        .iter()
        .filter(|(p, _)| p == &["feed", "entry", "id"])
        .map(|(_, t)| t)
        .collect();
    assert!(ids.iter().all(|id| id.starts_with("urn:uuid:")), "{ids:?}");
    let content = xml
        .iter()
        .find(|(p, _)| p == &["feed", "entry", "content"])
        .unwrap();
    assert!(
        content.1.contains("<p>Early.</p>"),
        "escaped HTML: {}",
        content.1
    );

    for (p, t) in &xml {
        if p.last().is_some_and(|n| n == "updated" || n == "published") {
            let parsed =
                time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339);
            assert!(parsed.is_ok(), "{p:?} {t}: an RFC 3339 date");
        }
    }
    let feed: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("feed.json")).unwrap()).unwrap();
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(
        feed["feed_url"],
        "https://lessons.example.org/ukgovcamp/feed.json"
    );
    assert_eq!(
        feed["home_page_url"],
        "https://lessons.example.org/ukgovcamp/"
    );
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
        assert!(item["id"].as_str().unwrap().starts_with("urn:uuid:"));
        assert!(item["title"].is_string());
        assert!(item["content_html"].is_string());
        assert!(item["date_published"].is_string() && item["date_modified"].is_string());
        assert!(
            item["tags"]
                .as_array()
                .unwrap()
                .contains(&"procurement".into())
        );
        assert!(
            item["url"]
                .as_str()
                .unwrap()
                .starts_with("https://lessons.example.org/")
        );
    }
    // The entry ids are the same in both feeds.
    assert_eq!(items[0]["id"].as_str().unwrap(), ids[0].as_str());
}

#[test]
fn without_a_base_url_the_feeds_link_relatively() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut o = options(two_packs(dir.path()), &out);
    o.base_url = None;
    o.title = None;
    publish(&o).unwrap();
    let xml = atom(&out.join("feed.xml"));
    assert_eq!(
        count(&xml, &["feed", "link"]),
        0,
        "no self link without an address"
    );
    let title = xml.iter().find(|(p, _)| p == &["feed", "title"]).unwrap();
    assert_eq!(
        title.1, "Lessons shared with ukgovcamp",
        "the id when no title"
    );
    let link = xml
        .iter()
        .find(|(p, _)| p == &["feed", "entry", "link"])
        .unwrap();
    assert!(link.1.contains("href=lessons/b1.html"), "{}", link.1);
    let feed: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("feed.json")).unwrap()).unwrap();
    assert!(feed.get("home_page_url").is_none() && feed.get("feed_url").is_none());
    assert!(feed["items"][0].get("url").is_none());
}

#[test]
fn hostile_packs_reach_no_page_or_feed_as_markup() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut evil = lesson(
        "evil",
        "<script>alert(1)</script>\"><img src=x onerror=alert(2)>\u{1b}]0;owned\u{7}",
        "Hi <script>alert(3)</script>\n\n<img src=x onerror=alert(4)>\n\n\
         [click](javascript:alert(5)) [c2](JAVASCRIPT&#58;alert(6)) <javascript:alert(7)>\n\n\
         ![pic](https://tracker.example/pixel.gif) ![x](data:image/svg+xml,<svg onload=alert(8)>)\n\n\
         <a href=\"javascript:alert(9)\" onclick=\"alert(10)\">raw</a> ]]> \u{1b}[2J\u{0}\u{fffe}",
        "2026-05-01T00:00:00Z",
    );
    evil.tags = vec![
        "</script><script>alert(11)</script>".into(),
        "x\"onmouseover=\"y".into(),
    ];
    let mut huge = lesson(
        "huge",
        &"T".repeat(20_000),
        &"word ".repeat(60_000),
        "2026-05-02T00:00:00Z",
    );
    huge.tags = vec!["t".repeat(5_000)];
    let pack = write_pack(
        dir.path(),
        "evil.json",
        Some("<b onmouseover=alert(12)>Mallory</b>"),
        vec![evil, huge],
    );
    let mut o = options(vec![pack], &out);
    o.title = Some("<script>alert(13)</script>".into());
    let report = publish(&o).unwrap();
    assert_eq!(report.lessons, 2);
    assert!(
        report.warnings.iter().any(|w| w.contains("escape")),
        "{:?}",
        report.warnings
    );
    for file in ["index.html", "lessons/evil.html", "lessons/huge.html"] {
        let text = fs::read_to_string(out.join(file)).unwrap();
        check_page(&page(&out.join(file)), file);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{0}'),
            "{file}"
        );
        assert!(text.len() < 2_000_000, "{file}: {} bytes", text.len());
    }
    let evil = fs::read_to_string(out.join("lessons/evil.html")).unwrap();
    assert!(evil.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let doc = page(&out.join("lessons/evil.html"));
    let pic = doc
        .select(&sel(".body a[href='https://tracker.example/pixel.gif']"))
        .count();
    assert_eq!(pic, 1, "an image is a link, never loaded");
    // The feeds are well-formed and hold the text as text.
    let xml = atom(&out.join("feed.xml"));
    let title = xml
        .iter()
        .find(|(p, t)| p == &["feed", "entry", "title"] && t.contains("alert(1)"))
        .expect("the title, as text");
    assert!(title.1.starts_with("<script>"), "{}", title.1);
    let content = xml
        .iter()
        .find(|(p, t)| p == &["feed", "entry", "content"] && t.contains("alert(3)"))
        .unwrap();
    // The content is HTML: read as a reader would, it holds no markup
    // from the pack, only cairn's.
    let fragment = Html::parse_fragment(&content.1);
    let names: Vec<&str> = fragment
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .map(|e| e.value().name())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| ["html", "p", "pre", "code", "a"].contains(n)),
        "{names:?}"
    );
    for a in fragment.select(&sel("a")) {
        assert_eq!(a.value().attrs().count(), 1, "{a:?}");
        assert!(
            a.value().attr("href").unwrap().starts_with("https://"),
            "{a:?}"
        );
    }
    let feed: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("feed.json")).unwrap()).unwrap();
    for item in feed["items"].as_array().unwrap() {
        let html = item["content_html"].as_str().unwrap();
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
    }
}

fn inode(path: &Path) -> (std::time::SystemTime, u64) {
    let meta = fs::metadata(path).unwrap();
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let ino = 0;
    (meta.modified().unwrap(), ino)
}

#[test]
fn publishing_again_rewrites_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut packs = two_packs(dir.path());
    let first = publish(&options(packs.clone(), &out)).unwrap();
    assert_eq!(first.written.len(), 4 + 3);
    let before = inode(&out.join("lessons/a1.html"));

    let again = publish(&options(packs.clone(), &out)).unwrap();
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(again.unchanged, 7);

    packs.push(write_pack(
        dir.path(),
        "cy.json",
        None,
        vec![lesson("c1", "A new one", "New.", "2026-06-01T00:00:00Z")],
    ));
    let more = publish(&options(packs, &out)).unwrap();
    let mut written = more.written.clone();
    written.sort();
    assert_eq!(
        written,
        [
            "feed.json",
            "feed.xml",
            "index.html",
            "lessons.json",
            "lessons/c1.html"
        ]
    );
    assert_eq!(more.unchanged, 3);
    assert_eq!(inode(&out.join("lessons/a1.html")), before, "not rewritten");
    // The new lesson comes first; the others keep their order.
    let pack: LessonPack =
        serde_json::from_slice(&fs::read(out.join("lessons.json")).unwrap()).unwrap();
    let ids: Vec<&str> = pack.lessons.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["c1", "b1", "a1", "dup"]);
}

#[test]
fn only_pages_cairn_made_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let packs = two_packs(dir.path());
    publish(&options(packs.clone(), &out)).unwrap();
    fs::write(
        out.join("lessons/mine.html"),
        "<!DOCTYPE html><p>my own page</p>",
    )
    .unwrap();
    fs::write(out.join("CNAME"), "lessons.example.org\n").unwrap();
    let report = publish(&options(vec![packs[0].clone()], &out)).unwrap();
    assert_eq!(report.removed, ["lessons/b1.html"]);
    assert!(!out.join("lessons/b1.html").exists());
    assert!(out.join("lessons/mine.html").exists());
    assert!(out.join("CNAME").exists());
    assert!(out.join("lessons/a1.html").exists());
}

#[test]
fn bad_packs_are_refused_with_why_and_the_rest_published() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let good = two_packs(dir.path());
    let md = dir.path().join("shared-20261101.md");
    fs::write(&md, "# Lessons shared with UKGovCamp\n\n1 entry shared.\n").unwrap();
    write_pack(dir.path(), "shared-20261101.json", None, vec![]);
    let lonely_md = dir.path().join("lonely.md");
    fs::write(&lonely_md, "# Lessons shared with UKGovCamp\n").unwrap();
    let garbage = dir.path().join("garbage.json");
    fs::write(&garbage, b"{\"schema\": \"cairn.lessons/1\", \xff").unwrap();
    let other = dir.path().join("other.json");
    let mut pack = LessonPack::new(
        "other-net",
        time::OffsetDateTime::UNIX_EPOCH,
        &PackTerms::default(),
    );
    pack.lessons
        .push(lesson("o1", "Other", "x", "2026-01-01T00:00:00Z"));
    fs::write(&other, serde_json::to_vec(&pack).unwrap()).unwrap();
    let missing = dir.path().join("missing.json");
    let mut packs = good.clone();
    packs.extend([md.clone(), lonely_md, garbage, other, missing]);
    let report: PublishReport = publish(&options(packs, &out)).unwrap();
    assert_eq!(report.lessons, 3);
    assert_eq!(report.refused.len(), 5, "{:?}", report.refused);
    let why = |name: &str| {
        report
            .refused
            .iter()
            .find(|r| r.file.ends_with(name))
            .map(|r| r.why.clone())
            .unwrap()
    };
    assert!(why("shared-20261101.md").contains("shared-20261101.json, saved beside it"));
    assert!(why("lonely.md").contains("Markdown") && !why("lonely.md").contains("beside it:"));
    assert!(why("garbage.json").contains("UTF-8"));
    assert!(why("other.json").contains("\"other-net\""));
    assert!(!why("missing.json").is_empty());

    // Nothing readable: nothing written.
    let empty = dir.path().join("empty");
    let err = publish(&options(vec![md], &empty)).unwrap_err();
    assert!(
        matches!(err, PublishError::NothingToPublish { .. }),
        "{err}"
    );
    assert!(!empty.exists());
}

#[test]
fn a_catalogue_is_published_only_when_it_validates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut o = options(two_packs(dir.path()), &out);
    o.catalogue = Some(fixtures.join("problems.json"));
    let err = publish(&o).unwrap_err();
    assert!(matches!(err, PublishError::Catalogue { .. }), "{err}");
    assert!(err.to_string().contains("error"), "{err}");
    assert!(!out.exists(), "nothing written");

    o.catalogue = Some(fixtures.join("small.json"));
    let report = publish(&o).unwrap();
    assert!(report.written.contains(&"catalogue.json".to_string()));
    let loaded = cairn::catalogue::load_file(&out.join("catalogue.json")).unwrap();
    assert!(!loaded.networks.is_empty());
    let index = page(&out.join("index.html"));
    assert_eq!(
        index.select(&sel("nav a[href='catalogue.json']")).count(),
        1
    );
}

#[test]
fn bad_options_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut o = options(two_packs(dir.path()), &out);
    o.base_url = Some("javascript:alert(1)".into());
    assert!(matches!(publish(&o), Err(PublishError::BaseUrl(_))));
    o.base_url = None;
    o.network = "Not A Slug".into();
    assert!(matches!(publish(&o), Err(PublishError::Network(_))));
    assert!(!out.exists());
}

mod any_text {
    //! Whatever text a pack holds, the site is well-formed and holds it
    //! as text, and lessons.json gives back the lessons as read.
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        let tricky: Vec<char> = "<>&\"'`=/\\:;[]()!*_#-\n\t \u{0}\u{1b}\u{7}\u{85}\u{9b}\u{fffe}\u{ffff}\u{2028}\u{202e}\u{feff}é\u{1f600}]]>javascript"
            .chars()
            .collect();
        prop::collection::vec(
            prop_oneof![
                any::<char>(),
                prop::sample::select(tricky.clone()),
                prop::sample::select(tricky)
            ],
            0..60,
        )
        .prop_map(|c| c.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn any_text_makes_a_well_formed_site(title in text(), body in text(), tag in text(), author in text()) {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("site");
            let mut l = lesson("p1", &format!("t{title}"), &body, "2026-05-01T00:00:00Z");
            l.tags = vec![tag];
            let pack = write_pack(dir.path(), "p.json", Some(&author), vec![l]);
            let (read, _) = cairn::share::parse_pack(&fs::read(&pack).unwrap(), "p.json", 1 << 26).unwrap();
            publish(&options(vec![pack], &out)).unwrap();
            let xml = atom(&out.join("feed.xml"));
            prop_assert_eq!(count(&xml, &["feed", "entry"]), 1);
            serde_json::from_slice::<serde_json::Value>(&fs::read(out.join("feed.json")).unwrap()).unwrap();
            check_page(&page(&out.join("index.html")), "index.html");
            check_page(&page(&out.join("lessons/p1.html")), "lessons/p1.html");
            let (back, _) = cairn::share::parse_pack(&fs::read(out.join("lessons.json")).unwrap(), "lessons.json", 1 << 26).unwrap();
            prop_assert_eq!(back.lessons, read.lessons);
        }
    }
}

// ---- the real binary: share, publish, and a reader imports the site ----

#[allow(dead_code)]
mod common;

/// A person shares a lesson (with a private line), the network publishes
/// the pack with `cairn publish`, and a second person imports the site's
/// `lessons.json`: the lesson arrives whole, the private line nowhere.
#[test]
fn a_shared_lesson_reaches_a_reader_through_the_published_site() {
    let author = common::Dir::new();
    let add = author
        .cairn(&[
            "journal",
            "add",
            "--kind",
            "lesson",
            "--title",
            "Small pilots win approval",
            "--network",
            NETWORK,
            "--shareable",
            "--body",
            "Start with one team. %%The minister's office blocked it.%%",
        ])
        .assert_ok();
    assert!(!add.stdout.trim().is_empty());
    author
        .cairn(&[
            "share",
            "--network",
            NETWORK,
            "--format",
            "json",
            "-o",
            "pack.json",
        ])
        .assert_ok();
    author
        .cairn(&[
            "share",
            "--network",
            NETWORK,
            "--format",
            "md",
            "-o",
            "pack.md",
        ])
        .assert_ok();

    let out = author
        .cairn(&[
            "publish",
            "--network",
            NETWORK,
            "--title",
            "UKGovCamp",
            "pack.json",
            "-o",
            "site",
        ])
        .assert_ok();
    out.stdout_has("Published 1 lesson from 1 pack");
    let site = author.path().join("site");
    for file in ["index.html", "lessons.json", "feed.xml", "feed.json"] {
        let text = fs::read_to_string(site.join(file)).unwrap();
        assert!(!text.contains("minister"), "{file} holds the private line");
    }

    // Publishing the same pack again changes nothing.
    author
        .cairn(&[
            "publish",
            "--network",
            NETWORK,
            "pack.json",
            "-o",
            "site",
            "--title",
            "UKGovCamp",
        ])
        .assert_ok()
        .stdout_has("0 files written");

    // A Markdown pack is refused, and says where its JSON twin is.
    author
        .cairn(&["publish", "--network", NETWORK, "pack.md", "-o", "site2"])
        .assert_fails()
        .stderr_has("pack.md");

    let reader = common::Dir::new();
    let lessons = site.join("lessons.json");
    reader
        .cairn(&["import", lessons.to_str().unwrap()])
        .assert_ok();
    let list = reader.cairn(&["lessons", "list", "--json"]).assert_ok();
    assert!(list.stdout.contains("Small pilots win approval"), "{list}");
    assert!(!list.stdout.contains("minister"), "{list}");
}
