use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

vocabulary!(
    /// How far a network reaches.
    Scope {
        Organisational => "organisational",
        CrossSectoral => "cross-sectoral",
        Community => "community",
        WholeOfGovernment => "whole-of-government",
        International => "international",
    }
);
vocabulary!(
    /// Who may join.
    Membership { Open => "open", Closed => "closed", Mixed => "mixed" }
);
vocabulary!(
    /// Whether the network has a formal structure.
    Formality { Formal => "formal", Informal => "informal" }
);
vocabulary!(
    /// Who runs the network.
    RunBy {
        Government => "government",
        Intergovernmental => "intergovernmental",
        NonProfit => "non-profit",
        Commercial => "commercial",
        Academic => "academic",
        Volunteer => "volunteer",
    }
);
vocabulary!(
    /// How far along the network is.
    Maturity { Emerging => "emerging", Established => "established", Mature => "mature" }
);
vocabulary!(
    /// The effort behind a network: who keeps it going.
    Effort { Volunteers => "volunteers", PartOfAJob => "part-of-a-job", FundedTeam => "funded-team" }
);
vocabulary!(
    /// Whether a catalogue maintainer has checked the record against its sources.
    Status { Submitted => "submitted", Validated => "validated" }
);

// The vocabulary macro cannot mark a default variant, and only Status has one.
#[allow(clippy::derivable_impls)]
impl Default for Status {
    fn default() -> Self {
        Status::Submitted
    }
}

impl Status {
    /// What the status means, for people: `validated` records have facts
    /// found in two or more independent sources.
    pub fn label(self) -> &'static str {
        match self {
            Status::Validated => "checked in 2+ sources",
            Status::Submitted => "not yet checked in 2+ sources",
        }
    }
}

fn is_submitted(status: &Status) -> bool {
    *status == Status::Submitted
}

/// One network or community of practice in a catalogue.
///
/// Fields cairn does not know are kept in `extra` and written back out, so a
/// catalogue made for a newer cairn survives a round trip through an older one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Network {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Other names: in other languages, spelt out, or former names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Free terms that help people find it (the researchers' focus tags).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership: Option<Membership>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formality: Option<Formality>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_by: Option<RunBy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturity: Option<Maturity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_active: Option<i32>,
    #[serde(default, skip_serializing_if = "is_submitted")]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lessons_url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Which catalogue the record came from ("bundled" or a source's
    /// name). Set by cairn when it merges catalogues; never read from a file.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "cairn_origin"
    )]
    pub origin: Option<String>,
    /// A source dropped it, and it is kept because the person starred,
    /// marked or noted it, or wrote about it. Set by cairn, never read.
    #[serde(
        default,
        skip_serializing_if = "std::ops::Not::not",
        rename = "cairn_delisted"
    )]
    pub delisted: bool,
    /// Fields this version of cairn does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The origin of the records of the catalogue compiled into cairn.
pub const BUNDLED_ORIGIN: &str = "bundled";

impl Network {
    /// Where the record came from, for people: "bundled catalogue",
    /// "source \"oecd\"", with "no longer listed" when a source dropped it.
    pub fn origin_label(&self) -> Option<String> {
        let origin = match self.origin.as_deref()? {
            BUNDLED_ORIGIN => "bundled catalogue".to_string(),
            name => format!("source \"{name}\""),
        };
        Some(if self.delisted {
            format!("{origin} · no longer listed by any catalogue; kept because it is yours")
        } else {
            origin
        })
    }

    /// A record with only the required fields set.
    pub fn new(id: impl Into<String>, name: impl Into<String>, summary: impl Into<String>) -> Self {
        Network {
            id: id.into(),
            name: name.into(),
            short_name: None,
            summary: summary.into(),
            description: None,
            url: None,
            join: None,
            contact: None,
            regions: Vec::new(),
            aliases: Vec::new(),
            keywords: Vec::new(),
            scope: None,
            membership: None,
            formality: None,
            run_by: None,
            topics: Vec::new(),
            activities: Vec::new(),
            maturity: None,
            founded: None,
            ended: None,
            last_seen_active: None,
            status: Status::Submitted,
            updated: None,
            lessons_url: None,
            sources: Vec::new(),
            origin: None,
            delisted: false,
            extra: Map::new(),
        }
    }

    /// The short name if there is one, else the full name.
    pub fn label(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }

    /// Where and what kind: "AU NZ · community · open membership · formal".
    pub fn kind_line(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.regions.is_empty() {
            parts.push(self.regions.join(" "));
        }
        parts.extend(self.scope.map(|s| s.to_string()));
        parts.extend(self.membership.map(|m| format!("{m} membership")));
        parts.extend(self.formality.map(|f| f.to_string()));
        parts.join(" · ")
    }

    /// Who and when: "run by government · founded 2016 · ended 2020 ·
    /// checked in 2+ sources".
    pub fn history_line(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.run_by.map(|r| format!("run by {r}")));
        parts.extend(self.founded.map(|y| format!("founded {y}")));
        parts.extend(self.ended.map(|y| format!("ended {y}")));
        parts.extend(
            self.last_seen_active
                .map(|y| format!("last seen active {y}")),
        );
        parts.push(self.status.label().to_string());
        parts.join(" · ")
    }

    /// "ended 2019" for a network known to have stopped.
    pub fn ended_label(&self) -> Option<String> {
        self.ended.map(|y| format!("ended {y}"))
    }

    /// Whether the network is known to have stopped.
    pub fn has_ended(&self) -> bool {
        self.ended.is_some()
    }
}
