//! The five document schemas, field for field as the writers in `output` produce them.

use super::parts::{
    better_name, count, estimate, figure_description, number, number_or_null, object, office_figures, reference,
    refined, scenario_record, sha256, subject_figures, subject_patterns, team, teams, text, texts, version, warning,
    warnings, with,
};
use crate::stats::figures::FigureDef;
use serde_json::{json, Value};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// A document's schema: its properties, and the shared definitions its references use.
fn document(title: &str, description: &str, properties: Value, defs: Value) -> Value {
    let mut schema = object(description, properties);
    let body = schema.as_object_mut().expect("an object schema");
    body.insert("title".into(), json!(title));
    let mut out = serde_json::Map::new();
    out.insert("$schema".into(), json!(DRAFT));
    out.extend(std::mem::take(body));
    out.insert("$defs".into(), with_common(defs));
    Value::Object(out)
}

/// The definitions every document uses (the scenario record and warnings) and its own.
fn with_common(defs: Value) -> Value {
    let mut all = json!({ "scenario": scenario_record(), "warning": warning() });
    if let (Some(all), Value::Object(own)) = (all.as_object_mut(), defs) {
        all.extend(own);
    }
    all
}

/// The shape of a figure of summary.json: mean, interval, unit, replications.
fn summary_figure_shape() -> Value {
    with(
        estimate("a key figure over the replications"),
        json!({
            "unit": text("the figure's unit"),
            "replications": count("replications in which the figure is defined"),
        }),
    )
}

/// A figure of summary.json per case type or team: also its subject.
fn subject_figure_shape() -> Value {
    with(
        summary_figure_shape(),
        json!({
            "subject": text("the case type's or team's name (NAME in FIGURE[NAME])"),
            "kind": { "enum": ["case_type", "team"], "description": "whether the subject is a case type or a team" },
        }),
    )
}

/// The unit as a constant: what makes each figure's entry its own.
fn unit_of(def: &FigureDef) -> Value {
    json!({ "unit": { "const": def.unit } })
}

fn summary_figure(def: &FigureDef) -> Value {
    refined("summary_figure", &figure_description(def), unit_of(def))
}

fn subject_figure(def: &FigureDef) -> Value {
    refined("subject_figure", &figure_description(def), unit_of(def))
}

pub fn summary() -> Value {
    document(
        "amtsim summary.json",
        "amtsim run: the reproducibility record and the key figures with 95 % confidence intervals over the replications. Figures are defined in docs/output.md.",
        json!({
            "amtsim_version": version(),
            "scenario": reference("scenario"),
            "seed": count("the seed of the first replication"),
            "replications": count("replications run"),
            "start_date": { "type": "string", "format": "date", "description": "first simulated day (YYYY-MM-DD)" },
            "days": count("simulated days, warm-up included"),
            "warmup_days": count("days at the start not counted in the figures"),
            "figures": office_figures("the office's key figures, one property per figure", summary_figure),
            "figures_by_subject": subject_figures(
                "the figures per case type and team as FIGURE[NAME], where defined in some replication",
                subject_figure,
            ),
            "teams": teams("each staff group's year, in the scenario's order"),
            "conservation": {
                "type": "array",
                "description": "every client of each replication over the whole run: created = served + no_shows + sent_home + gave_up + abandoned + cancelled + in_system_end (see docs/output.md)",
                "items": object("one replication's account of clients (unit: clients)", json!({
                    "replication": count("replication number (0 is the first)"),
                    "created": count("clients created"),
                    "served": count("clients served and done"),
                    "no_shows": count("clients who missed their appointment and did not come back"),
                    "sent_home": count("clients sent home and not back"),
                    "gave_up": count("clients who gave up booking"),
                    "abandoned": count("clients who left the walk-in queue impatient and did not come back"),
                    "cancelled": count("clients who cancelled"),
                    "in_system_end": count("clients still in the system at the end"),
                    "waiting_end": count("of those, waiting in a queue or for a slot"),
                    "booked_end": count("of those, holding a booked appointment"),
                })),
            },
            "warnings": warnings("what the reader must know before using the figures"),
        }),
        json!({ "summary_figure": summary_figure_shape(), "subject_figure": subject_figure_shape(), "team": team() }),
    )
}

/// A figure of compare.json: the baseline, the policy and their paired difference.
fn paired_figure(def: &FigureDef) -> Value {
    refined(
        "paired_figure",
        &figure_description(def),
        json!({ "unit": { "const": def.unit }, "better": { "const": better_name(def.better) } }),
    )
}

fn paired_figure_shape() -> Value {
    object(
        "a figure of the baseline and the policy, and their paired difference",
        json!({
            "unit": text("the figure's unit (also of baseline, policy and diff)"),
            "better": { "enum": ["lower", "higher", null], "description": "which way is better: lower, higher or null (neither)" },
            "replications": count("pairs of replications (common random numbers) in which the figure is defined in both arms"),
            "baseline": refined("estimate", "the baseline's mean and 95 % interval", json!({})),
            "policy": refined("estimate", "the policy's mean and 95 % interval", json!({})),
            "diff": refined("estimate", "policy minus baseline, paired by replication: mean and 95 % interval", json!({})),
            "diff_ci_contains_zero": { "type": ["boolean", "null"], "description": "whether the difference's 95 % interval contains zero (null: no interval)" },
            "p_better": { "type": ["number", "null"], "minimum": 0, "maximum": 1, "description": "share of pairs in which the policy is better (null: no direction, or no pairs)" },
            "p_worse": { "type": ["number", "null"], "minimum": 0, "maximum": 1, "description": "share of pairs in which the policy is worse" },
            "variance_reduction": number_or_null("variance of an unpaired difference divided by that of the paired one (how much common random numbers helped)"),
        }),
    )
}

/// A policy's extra cost and the price of each headline improvement.
fn policy_cost() -> Value {
    let improvement = object(
        "a headline figure's improvement (positive: better) and its price",
        json!({
            "unit": text("the improvement's unit: totals over the run per year, shares in percentage points"),
            "improvement": refined("estimate", "the improvement's mean and 95 % interval", json!({})),
            "euros_per_year_per_unit": number_or_null("extra euros a year per unit of improvement; null unless the improvement's 95 % interval lies above zero"),
        }),
    );
    let mut cost = object(
        "what the policy costs more than the baseline (cost_per_year, cost_one_off), and per unit of improvement of the priced headline figures",
        json!({
            "per_year_diff": refined("estimate", "policy minus baseline, euros a year", json!({})),
            "per_year_diff_contains_zero": { "type": "boolean", "description": "the cost difference's 95 % interval contains zero: no price per improvement is given" },
            "one_off_diff": refined("estimate", "policy minus baseline, one-off euros", json!({})),
            "per_improvement": { "type": "object", "description": "by figure name", "additionalProperties": improvement },
        }),
    );
    cost["type"] = json!(["object", "null"]);
    cost
}

fn policy() -> Value {
    let mut figures = office_figures(
        "the compared figures: every office figure, then FIGURE[NAME] where defined in some pair",
        paired_figure,
    );
    figures["patternProperties"] = Value::Object(subject_patterns(paired_figure));
    object(
        "one policy against the baseline",
        json!({
            "description": text("the policy's description"),
            "changes": texts("the policy's changes as PATH=VALUE"),
            "from": json!({ "type": ["string", "null"], "description": "the date (YYYY-MM-DD) from which the changes hold; null: from the start" }),
            "cost": policy_cost(),
            "figures": figures,
        }),
    )
}

pub fn compare() -> Value {
    document(
        "amtsim compare.json",
        "amtsim compare: per policy and figure the baseline, the policy and the paired difference with 95 % intervals. The arm \"baseline\" is the scenario itself.",
        json!({
            "amtsim_version": version(),
            "scenario": reference("scenario"),
            "seed": count("the seed of the first replication (the same in every arm)"),
            "replications": count("replications per arm"),
            "precision": {
                "description": "the --precision stopping rule's outcome (null: a fixed number of replications)",
                "oneOf": [
                    { "type": "null" },
                    object("the --precision outcome", json!({
                        "reached": { "type": "boolean", "description": "whether the target relative half-width was reached" },
                        "rel_half_width": number_or_null("the widest relative half-width of the interval reached (unit: share)"),
                        "replications": count("replications run until the rule stopped"),
                    })),
                ],
            },
            "policies": { "type": "object", "description": "each policy by its name, in the order run", "additionalProperties": reference("policy") },
            "teams": { "type": "object", "description": "each arm's staff groups by arm name (baseline first)", "additionalProperties": teams("the arm's staff groups") },
            "warnings": { "type": "object", "description": "each arm's warnings by arm name (baseline first)", "additionalProperties": warnings("the arm's warnings") },
        }),
        json!({
            "policy": policy(),
            "team": team(),
            "paired_figure": paired_figure_shape(),
            "estimate": estimate("mean and 95 % interval over the replications"),
        }),
    )
}

pub fn sweep() -> Value {
    document(
        "amtsim sweep.json",
        "amtsim sweep and merge: what was swept. The figures are in runs.csv (one row per grid point and replication) and summary.csv (per grid point).",
        json!({
            "amtsim_version": version(),
            "scenario": reference("scenario"),
            "seed": count("the seed of the first replication (the same at every grid point)"),
            "replications": count("replications per grid point"),
            "days": count("simulated days, warm-up included"),
            "warmup_days": count("days at the start not counted in the figures"),
            "params": {
                "type": "array",
                "description": "the swept scenario keys in grid order (the first varies slowest)",
                "items": object("one swept key", json!({
                    "path": text("the scenario key path, as for --set"),
                    "values": texts("its values, as written"),
                })),
            },
            "points": count("grid points of the whole sweep"),
            "shard": object("which part of the grid this folder holds (index 0 of 1: all of it)", json!({
                "index": count("the shard's number, from 0"),
                "count": count("how many shards the grid was cut into"),
            })),
            "shard_points": count("grid points in this shard"),
            "runs": count("runs in this shard: shard_points x replications"),
            "targets": texts("targets such as \"backlog_end <= 100\" that the report checks per grid point"),
        }),
        json!({}),
    )
}

pub fn staff() -> Value {
    let point = object(
        "one evaluated head count",
        json!({
            "head_count": count("persons in the searched group"),
            "mean": number_or_null("the target figure's mean over the replications (in the target's unit)"),
            "ci95_low": number_or_null("lower end of its 95 % interval"),
            "ci95_high": number_or_null("upper end of its 95 % interval"),
            "replications": count("replications in which the figure is defined"),
            "meets_target": { "type": "boolean", "description": "whether the interval lies on the target's side without overload" },
            "overloaded": { "type": "boolean", "description": "whether waiting work grows (the figure then depends on the run length)" },
            "warnings": warnings("warnings at this head count"),
            "cost_per_year": object(
                "what the office costs a year at this head count (cost_per_year, euros a year)",
                json!({
                    "mean": number_or_null("mean over the replications"),
                    "ci95_low": number_or_null("lower end of its 95 % interval"),
                    "ci95_high": number_or_null("upper end of its 95 % interval"),
                }),
            ),
        }),
    );
    document(
        "amtsim staff.json",
        "amtsim staff: the smallest head count of a staff group that meets a target with 95 % confidence and without overload, and the curve the search evaluated.",
        json!({
            "amtsim_version": version(),
            "scenario": reference("scenario"),
            "seed": count("the seed of the first replication"),
            "replications": count("replications per head count"),
            "group": text("the searched staff group's name"),
            "target": object("the target", json!({
                "text": text("the target as written, e.g. \"backlog_end <= 100\""),
                "figure": text("the figure (or FIGURE[NAME])"),
                "unit": text("the figure's unit (see the units of summary.json)"),
                "value": number("the target value, in the figure's unit"),
            })),
            "min": count("the smallest head count searched"),
            "max": count("the largest head count searched"),
            "answer": { "type": ["integer", "null"], "minimum": 0, "description": "the smallest head count that meets the target (null: none up to max)" },
            "curve": { "type": "array", "items": point, "description": "the head counts evaluated, in ascending order" },
            "warnings": warnings("warnings about the search as a whole"),
        }),
        json!({}),
    )
}

pub fn sensitivity() -> Value {
    let input = object(
        "one uncertain input",
        json!({
            "path": text("the scenario key, e.g. portal.no_show_prob"),
            "low": number("the low end of its range (a factor on scenario_value when relative)"),
            "high": number("the high end of its range"),
            "relative": { "type": "boolean", "description": "whether the range is a factor on the scenario's value" },
            "integer": { "type": "boolean", "description": "whether only the range's integers are used, each equally likely" },
            "scenario_value": number_or_null("the key's value in the scenario (null: not set there, its default applies)"),
        }),
    );
    let indices = json!({
        "type": "object",
        "description": "one input's indices: Morris gives mu_star (with its interval), mu and sigma in the figure's unit over the input's whole range; Sobol gives first_order and total (shares of the figure's variance) with their intervals",
        "required": ["input"],
        "properties": {
            "input": text("the input's key path"),
            "mu_star": number_or_null("Morris: mean absolute change of the figure when the input moves over its range"),
            "mu_star_ci95_low": number_or_null("lower end of mu_star's 95 % bootstrap interval"),
            "mu_star_ci95_high": number_or_null("upper end of mu_star's 95 % bootstrap interval"),
            "mu": number_or_null("Morris: the same change with its sign"),
            "sigma": number_or_null("Morris: standard deviation of the changes (non-linearity, interaction)"),
            "first_order": number_or_null("Sobol: share of the variance explained by the input alone"),
            "first_order_ci95_low": number_or_null("lower end of its 95 % bootstrap interval"),
            "first_order_ci95_high": number_or_null("upper end of its 95 % bootstrap interval"),
            "total": number_or_null("Sobol: share of the variance the input has a hand in, interactions included"),
            "total_ci95_low": number_or_null("lower end of its 95 % bootstrap interval"),
            "total_ci95_high": number_or_null("upper end of its 95 % bootstrap interval"),
        },
        "additionalProperties": false,
    });
    let figure = object(
        "one studied figure",
        json!({
            "name": text("FIGURE or FIGURE[NAME]"),
            "unit": text("the figure's unit (see the units of summary.json)"),
            "undefined_points": count("design points at which the figure is undefined (then no indices)"),
            "inputs": { "type": "array", "items": indices, "description": "per input, in the order declared" },
            "ranking": texts("the inputs' paths, the most important first (by mu_star or the total index)"),
            "sentence": text("what the figure depends on, in English"),
        }),
    );
    document(
        "amtsim sensitivity.json",
        "amtsim sensitivity: which uncertain inputs the figures depend on (Morris screening or Sobol indices), every design point simulated on the same replications.",
        json!({
            "amtsim_version": version(),
            "scenario": reference("scenario"),
            "seed": count("the master seed (of the replications and of the design)"),
            "method": {
                "type": "object",
                "description": "morris with trajectories and levels, or sobol with base_samples",
                "required": ["name"],
                "properties": {
                    "name": { "enum": ["morris", "sobol"] },
                    "trajectories": count("Morris: trajectories through the input space"),
                    "levels": count("Morris: grid levels per input"),
                    "base_samples": count("Sobol: base samples N"),
                },
                "additionalProperties": false,
            },
            "replications": count("replications per design point"),
            "design_points": count("design points: trajectories x (inputs + 1), or N x (inputs + 2)"),
            "runs": count("design_points x replications"),
            "level": number("confidence level of the intervals"),
            "bootstrap_resamples": count("bootstrap resamples behind each interval"),
            "inputs": { "type": "array", "items": input, "description": "the uncertain inputs, as declared" },
            "figures": { "type": "array", "items": figure, "description": "the studied figures, as given" },
            "targets": object("how often the targets are met over the design points, by each point's mean (none given: empty)", json!({
                "design_points": count("design points"),
                "all_met_points": count("design points at which every target is met"),
                "all_met_share": number("all_met_points / design_points"),
                "each": { "type": "array", "description": "per target", "items": object("one target", json!({
                    "target": text("the target as written"),
                    "met_points": count("design points at which it is met"),
                    "met_share": number("met_points / design_points"),
                })) },
                "sentence": { "type": ["string", "null"], "description": "the same in English (null without targets)" },
            })),
        }),
        json!({}),
    )
}

pub fn select() -> Value {
    let candidate = object(
        "one candidate: the status quo (baseline) or a policy",
        json!({
            "name": text("baseline or the policy's name"),
            "replications": count("replications the procedure used of this candidate"),
            "mean": number_or_null("the figure's mean over them"),
            "ci95_low": number_or_null("lower end of its 95 % interval"),
            "ci95_high": number_or_null("upper end of its 95 % interval"),
            "eliminated_after": { "type": ["integer", "null"], "minimum": 0, "description": "the replications after which it was eliminated (null: never)" },
            "chosen": { "type": "boolean", "description": "whether it is the selected best" },
        }),
    );
    document(
        "amtsim select.json",
        "amtsim select: the best of the status quo and the policies on one figure, with a guaranteed probability of correct selection (Kim and Nelson's fully sequential procedure on common random numbers).",
        json!({
            "amtsim_version": version(),
            "scenario": reference("scenario"),
            "seed": count("the seed of the first replication"),
            "figure": object("the figure selected on", json!({
                "name": text("FIGURE or FIGURE[NAME]"),
                "unit": text("the figure's unit (see the units of summary.json)"),
                "goal": { "enum": ["min", "max"], "description": "which way is better" },
            })),
            "indifference": number("the indifference zone: the smallest difference worth detecting, in the figure's unit"),
            "pcs": number("the guaranteed probability of correct selection"),
            "first_stage": count("replications of every candidate before the first elimination"),
            "max_replications": count("the most replications a candidate could get"),
            "chosen": { "type": ["string", "null"], "description": "the selected candidate (null: undecided at max_replications)" },
            "replications_used": count("replications the sequential procedure used, over all candidates"),
            "replications_simulated": count("replications simulated (a few more: they are run ahead in batches)"),
            "candidates": { "type": "array", "items": candidate, "description": "the candidates, the status quo first" },
            "sentence": text("the answer in English"),
        }),
        json!({}),
    )
}

pub fn optimise() -> Value {
    let estimate = |what: &str| {
        object(
            what,
            json!({
                "mean": number_or_null("mean over the candidate's replications"),
                "ci95_low": number_or_null("lower end of its 95 % interval"),
                "ci95_high": number_or_null("upper end of its 95 % interval"),
            }),
        )
    };
    let target = object(
        "one target at this candidate",
        json!({
            "target": text("the target as written, e.g. \"walkin_sent_home <= 100\""),
            "mean": number_or_null("the target figure's mean"),
            "ci95_low": number_or_null("lower end of its 95 % interval"),
            "ci95_high": number_or_null("upper end of its 95 % interval"),
            "probability_met": number_or_null("the probability that the true mean lies on the target's side (Student's t around the mean)"),
        }),
    );
    let candidate = object(
        "one candidate: a combination of the levers' values",
        json!({
            "point": count("the candidate's index in the lever grid (the last lever varies fastest)"),
            "settings": { "type": "object", "additionalProperties": { "type": "string" }, "description": "each lever's value at this candidate, as written" },
            "replications": count("replications the candidate got"),
            "standing": { "enum": ["meets", "fails", "open"], "description": "every target met with 95 % confidence and the office stable; some target surely missed or overloaded; not known at the candidate's replications" },
            "overload": { "enum": ["overloaded", "stable", "open"], "description": "the waiting work surely grows materially (then it never meets the targets); its growth is surely immaterial (at most 1 % of a week's work; needed to meet); neither is established at the candidate's replications" },
            "objective": estimate("the objective's figure"),
            "front_figure": { "anyOf": [estimate("the front's second figure"), { "type": "null" }] },
            "targets": { "type": "array", "items": target, "description": "per target, in the order given" },
        }),
    );
    let objective = |what: &str| {
        object(
            what,
            json!({
                "name": text("FIGURE or FIGURE[NAME]"),
                "unit": text("the figure's unit (see the units of summary.json)"),
                "goal": { "enum": ["min", "max"], "description": "which way is better" },
            }),
        )
    };
    document(
        "amtsim optimise.json",
        "amtsim optimise: the best mix of measures over a lever space that meets the targets with 95 % confidence, the probability of meeting each, and the Pareto front; replications spent where they decide the answer.",
        json!({
            "amtsim_version": version(),
            "scenario": reference("scenario"),
            "seed": count("the seed of the first replication"),
            "levers": { "type": "array", "description": "the levers and their allowed values", "items": object("one lever", json!({
                "path": text("the scenario key"),
                "values": texts("its allowed values, as written"),
            })) },
            "objective": objective("the figure minimised or maximised"),
            "targets": texts("the targets as written"),
            "front_objective": { "anyOf": [objective("the front's second figure"), { "type": "null" }] },
            "first_stage": count("replications of every candidate first"),
            "max_replications": count("the most replications a candidate could get"),
            "indifference": number("differences in the objective smaller than this did not matter (its unit; 0: every difference did)"),
            "candidates_count": count("candidates: every combination of the levers' values"),
            "search": { "enum": ["enumeration", "local"], "description": "every candidate evaluated, or (above 2,000) a local search from random starting mixes through the neighbours of the best and the front" },
            "candidates_evaluated": count("candidates evaluated (all of them when enumerated)"),
            "replications": count("replications simulated in all"),
            "brute_force_replications": count("candidates x max_replications"),
            "share_of_brute_force": number("replications / brute_force_replications"),
            "rounds": count("rounds of adding replications"),
            "recommended": { "anyOf": [candidate.clone(), { "type": "null" }], "description": "the best objective among the candidates that meet every target (null: none does)" },
            "front": { "type": "array", "items": candidate, "description": "the Pareto front among the candidates that meet every target, best objective first" },
            "sentence": text("the answer in English"),
        }),
        json!({}),
    )
}

pub fn manifest() -> Value {
    document(
        "amtsim manifest.json",
        "Written last into every result folder: every file with its size and SHA-256, so that report, plot and merge refuse a cut, edited or mixed folder.",
        json!({
            "amtsim_version": text("version of amtsim that wrote the folder, with its commit"),
            "command": { "enum": ["run", "compare", "sweep", "staff", "sensitivity", "select", "optimise", "merge"], "description": "the command that wrote the folder" },
            "scenario_sha256": sha256("SHA-256 of the scenario file's bytes"),
            "files": {
                "type": "array",
                "description": "every file of the result, sorted by path",
                "items": object("one file", json!({
                    "path": text("path inside the folder, with / between parts"),
                    "bytes": count("size in bytes"),
                    "sha256": sha256("SHA-256 of its bytes"),
                })),
            },
        }),
        json!({}),
    )
}
