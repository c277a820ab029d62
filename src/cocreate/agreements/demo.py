"""Demo agreements for the demo practice, written through the engine's own services; safe to run again."""

from __future__ import annotations

from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import User
from cocreate.agreements import services
from cocreate.agreements.models import Revision, SharedDocument
from cocreate.care.models import Engagement, Session, SessionKind


def _propose(author: User, engagement: Engagement, kind: str, content: dict[str, Any], note: str = "") -> Revision:
    latest = Revision.objects.filter(document__engagement=engagement, document__kind=kind).first()
    return services.revision_propose(actor=author, access=engagement_access(author, engagement), kind=kind,
                                     content=content, based_on=latest.number if latest else None, note=note)


def _accept(revision: Revision, *people: User, comment: str = "") -> None:
    engagement = revision.document.engagement
    for person in people:
        services.revision_accept(actor=person, access=engagement_access(person, engagement), revision=revision,
                                 comment=comment)


def _goal(words: str, why: str = "", noticing: str = "", status: str = "open") -> dict[str, str]:
    return {"words": words, "why": why, "noticing": noticing, "status": status}


def _touch(stop: str, **levels: str) -> dict[str, str]:
    content = dict.fromkeys(("hand_holding", "hand_on_shoulder", "hug", "hands_on_feet", "bodywork"), "no")
    return {**content, **levels, "stop_signal": stop, "notes": ""}


def load(people: dict[str, User]) -> None:
    """Agreements on the three Juniper engagements, once: agreed, pending, narrowed and deviated."""
    engagements = {e.client.email.split("@")[0]: e
                   for e in Engagement.objects.filter(client__in=[people["sam"], people["priya"], people["jordan"]])
                   .select_related("client")}
    if SharedDocument.objects.filter(engagement__in=engagements.values()).exists():
        return
    maya, theo = people["maya"], people["theo"]
    sam, priya, jordan = people["sam"], people["priya"], people["jordan"]

    # Sam: a modality plan agreed, a safety plan waiting for Sam.
    plan = _propose(maya, engagements["sam"], "modality", {"modalities": [
        {"modality": "integrative", "reason": "Sam wants to understand patterns and also feel steadier day to day."}]})
    _accept(plan, sam, comment="That sounds right to me.")
    _propose(maya, engagements["sam"], "safety", {
        "warning_signs": "Not sleeping for several nights; stopping seeing friends.",
        "what_helps": "Walking at the allotment; calling my brother.",
        "contacts": [{"name": "Dev Rivera", "relation": "brother", "phone": "+44 7700 900123"}],
        "crisis_lines": "Samaritans 116 123 (UK, free, any time)", "support_person_after": ""})

    # Priya: intentions written by her and amended together; setting, touch and transport agreed.
    first = _propose(priya, engagements["priya"], "intentions", {"goals": [
        _goal("To meet my grief for my grandmother with less fear", "I have kept it locked away for two years")],
        "session_intentions": []})
    amended = _propose(theo, engagements["priya"], "intentions", {"goals": [
        _goal("To meet my grief for my grandmother with less fear", "I have kept it locked away for two years",
              "Priya can talk about her grandmother without bracing; she tells us when that happens")],
        "session_intentions": []}, note="Added how we might both notice progress")
    assert first.number + 1 == amended.number  # noqa: S101 - the demo builds one line of amendments
    _accept(amended, priya, maya, comment="")
    medicine = Session.objects.filter(engagement=engagements["priya"], kind=SessionKind.MEDICINE).first()
    _propose(priya, engagements["priya"], "intentions", {"goals": [
        _goal("To meet my grief for my grandmother with less fear", "I have kept it locked away for two years",
              "Priya can talk about her grandmother without bracing; she tells us when that happens",
              "progressing")],
        "session_intentions": [{"session_id": medicine.pk if medicine else None,
                                "intention": "To let whatever comes about her come, and to stay."}]})
    setting = _propose(maya, engagements["priya"], "setting", {
        "decor": "Priya's grandmother's shawl on the chair beside the mat; a few plants.",
        "seating": "Mat with cushions, a chair for the facilitators", "lighting": "Low, warm lamps",
        "music_chooser": "together", "music_mode": "mixed", "playlist": "The practice's psilocybin playlist, "
        "with twenty minutes of silence at the start", "sensory_items": ["eye_shades", "headphones", "blankets"],
        "sensory_other": "",
        "cultural": "A short blessing Priya's grandmother used to say, read by Priya at the start.",
        "people_present": "Maya and Theo", "topics": [
            {"topic": "My grandmother", "guideline": "welcome"},
            {"topic": "My work", "guideline": "ask_first"},
            {"topic": "My ex-partner", "guideline": "avoid"}]})
    _accept(setting, priya, theo)
    touch = _propose(priya, engagements["priya"], "touch_consent",
                     _touch("I say 'pause' or raise my hand", hand_holding="yes", hand_on_shoulder="ask_first",
                            hug="ask_first"))
    _accept(touch, maya, theo)
    ride = _propose(priya, engagements["priya"], "transport", {
        "driver": "Anika Nair (sister)", "driver_phone": "+44 7700 900456",
        "pickup": "At the end of the medicine session, about 17:30, at the studio door", "destination": "Home",
        "notes": ""})
    _accept(ride, maya)
    # Priya's safety plan waits for her: the one thing still missing before her medicine session.
    _propose(theo, engagements["priya"], "safety", {
        "warning_signs": "Feeling numb for more than a day; not wanting to see anyone.",
        "what_helps": "Walking by the river; Anika's company; writing it down.",
        "contacts": [{"name": "Anika Nair", "relation": "sister", "phone": "+44 7700 900456"}],
        "crisis_lines": "Samaritans 116 123 (UK, free, any time)",
        "support_person_after": "Anika, that evening and the next day"},
        note="A first draft from what you told us; change anything that is not right.")

    # Jordan: touch consent agreed, then narrowed by Jordan alone (the medicine demo records a transport deviation).
    touch = _propose(theo, engagements["jordan"], "touch_consent",
                     _touch("Jordan says 'stop'", hand_holding="yes", hand_on_shoulder="yes", hug="yes"))
    _accept(touch, jordan, maya)
    services.consent_narrow(actor=jordan, access=engagement_access(jordan, engagements["jordan"]),
                            kind="touch_consent", changes={"hug": "no"}, note="I'd rather not be hugged for now.")
    ride = _propose(jordan, engagements["jordan"], "transport", {
        "driver": "Sam Ellis (partner)", "driver_phone": "", "pickup": "17:00 at the studio",
        "destination": "Home", "notes": ""})
    _accept(ride, theo)
    safety = _propose(jordan, engagements["jordan"], "safety", {
        "warning_signs": "Startling at every noise; staying up all night.",
        "what_helps": "Slow breathing with a long out-breath; my dog; a walk round the block.",
        "contacts": [{"name": "Sam Ellis", "relation": "partner", "phone": ""}],
        "crisis_lines": "Samaritans 116 123 (UK, free, any time)", "support_person_after": "Sam, at home"})
    _accept(safety, theo, maya)
