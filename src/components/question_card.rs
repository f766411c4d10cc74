//! A predict question, asked before its step is revealed: multiple choice buttons or a
//! number field, feedback, the explanation, and Continue / Skip (which reveal the step).

use refscope_lessons::{Answer, QuestionKind, ResolvedQuestion};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`QuestionCard`].
#[derive(Properties, PartialEq)]
pub struct QuestionCardProps {
    /// The question, with its computed answer.
    pub question: ResolvedQuestion,
    /// The learner answered (`true`: right). Called once per attempt.
    pub on_answer: Callback<bool>,
    /// Reveal the step (after answering, or to skip).
    pub on_proceed: Callback<()>,
    /// The learner tried to step on while the question waits: say why nothing moved.
    #[prop_or_default]
    pub held_back: bool,
}

/// Whether `given` is the right answer.
pub fn is_right(question: &ResolvedQuestion, given: &str) -> bool {
    match &question.correct {
        Answer::Number(n) => given.trim().parse::<i64>().ok() == Some(*n),
        Answer::Choice(i) => question.choices.get(*i).is_some_and(|c| c == given),
    }
}

/// The correct answer in words.
pub fn answer_text(question: &ResolvedQuestion) -> String {
    match &question.correct {
        Answer::Number(n) => n.to_string(),
        Answer::Choice(i) => question.choices.get(*i).cloned().unwrap_or_default(),
    }
}

/// The question card.
#[component]
pub fn QuestionCard(props: &QuestionCardProps) -> Html {
    let q = &props.question;
    // Wrong attempts so far, and whether it is settled (right, or answer shown).
    let wrong = use_state(Vec::<String>::new);
    let settled = use_state(|| None::<bool>);
    let input = use_node_ref();

    let attempt = {
        let (q, wrong, settled, on_answer) = (
            q.clone(),
            wrong.clone(),
            settled.clone(),
            props.on_answer.clone(),
        );
        Callback::from(move |given: String| {
            if settled.is_some() || given.trim().is_empty() {
                return;
            }
            let right = is_right(&q, &given);
            on_answer.emit(right);
            if right {
                settled.set(Some(true));
            } else {
                let mut w = (*wrong).clone();
                w.push(given);
                wrong.set(w);
            }
        })
    };
    let show = {
        let settled = settled.clone();
        Callback::from(move |_: MouseEvent| settled.set(Some(false)))
    };
    let proceed = props.on_proceed.reform(|_: MouseEvent| ());

    let body = match q.kind {
        QuestionKind::Choice => html! {
            <div class="choices" role="group" aria-label="Choices">
                { for q.choices.iter().map(|c| {
                    let is_wrong = wrong.contains(c);
                    let is_answer = settled.is_some() && is_right(q, c);
                    let onclick = attempt.reform({ let c = c.clone(); move |_: MouseEvent| c.clone() });
                    html! {
                        <button class={classes!("choice", is_wrong.then_some("wrong"), is_answer.then_some("right"))}
                                disabled={is_wrong || settled.is_some()} {onclick}>
                            { c }
                            if is_wrong { <span class="mark">{ " ✗ not this one" }</span> }
                            if is_answer { <span class="mark">{ " ✓" }</span> }
                        </button>
                    }
                }) }
            </div>
        },
        QuestionKind::Number => {
            let onsubmit = {
                let (attempt, input) = (attempt, input.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    if let Some(el) = input.cast::<HtmlInputElement>() {
                        attempt.emit(el.value());
                    }
                })
            };
            html! {
                <form class="number-answer" {onsubmit}>
                    <label>{ "Your answer " }
                        <input ref={input} type="number" inputmode="numeric" class="answer-input"
                               disabled={settled.is_some()} />
                    </label>
                    <button type="submit" class="primary" disabled={settled.is_some()}>{ "Check" }</button>
                </form>
            }
        }
    };
    let feedback = match *settled {
        Some(true) => html! { <p class="feedback right" role="status">{ "✓ Right!" }</p> },
        Some(false) => html! {
            <p class="feedback shown" role="status">{ format!("The answer is {}.", answer_text(q)) }</p>
        },
        None if !wrong.is_empty() => html! {
            <p class="feedback wrong" role="status">{ "✗ Not quite. Try again, or show the answer." }</p>
        },
        None => html! {},
    };
    // Said where the learner can see it: the card may sit below the lesson's prose.
    let held_ref = use_node_ref();
    {
        let held_ref = held_ref.clone();
        use_effect_with(props.held_back, move |held| {
            if let (true, Some(el)) = (*held, held_ref.cast::<web_sys::Element>()) {
                el.scroll_into_view_with_bool(false);
            }
        });
    }
    html! {
        <section class="question-card" aria-labelledby="question-ask" id="question">
            <p class="q-label">{ "Predict" }</p>
            <h3 id="question-ask">{ Html::from_html_unchecked(AttrValue::from(q.ask_html.clone())) }</h3>
            { body }
            { feedback }
            if props.held_back && settled.is_none() {
                <p class="held-back" id="question-held" role="status" ref={held_ref}>
                    { "The next step waits for your prediction: answer above, or Skip to see it." }
                </p>
            }
            if settled.is_some() {
                <div class="explain">{ Html::from_html_unchecked(AttrValue::from(q.explain_html.clone())) }</div>
                <button class="primary" id="question-continue" onclick={proceed}>{ "Continue ▶" }</button>
            } else {
                <div class="q-actions">
                    if !wrong.is_empty() {
                        <button class="link" id="question-show" onclick={show}>{ "Show the answer" }</button>
                    }
                    <button class="link" id="question-skip" onclick={props.on_proceed.reform(|_: MouseEvent| ())}>{ "Skip" }</button>
                </div>
            }
        </section>
    }
}
