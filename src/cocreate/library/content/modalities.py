"""Shipped topics on therapeutic modalities. Written for cocreate; every claim is traced to a listed source."""

from __future__ import annotations

from cocreate.library.content.base import ShippedTopic, prose

MODALITY = "modality"

INTEGRATIVE = ShippedTopic(
    slug="integrative", kind=MODALITY, title="Integrative psychotherapy",
    summary="A talking therapy that draws on several schools of psychotherapy and fits them to you, with the "
            "working relationship at its centre.",
    body=prose("""
        Integrative psychotherapy does not follow a single school. Your therapist draws on several traditions, for
        example psychodynamic, humanistic, cognitive-behavioural and body-oriented work, and chooses with you what
        fits your situation, your goals and the way you like to work.

        Many integrative therapists pay close attention to the relationship between you and them. Research across
        many kinds of therapy finds that a good working alliance (agreeing on goals and tasks, and feeling
        understood) goes with better outcomes (Flückiger and colleagues, 2018). That is one reason this software
        asks for your feedback and lets you shape goals and plans together with your therapist.

        Because it is flexible, integrative therapy is described less by a fixed method than by the plan you and
        your therapist agree. It is fair to ask which approaches your therapist draws on, and why.
    """),
    what_to_expect=prose("""
        The first sessions are usually for getting to know each other: what brings you, your history, what you
        hope will change and how you would like to work. You agree goals together and review them from time to
        time. Sessions may include talking, noticing feelings and body sensations, looking at patterns in
        relationships, or trying new ways of responding between sessions. You can say at any time that something
        is not working for you.
    """),
    duration=prose("""
        Sessions usually last about 50 minutes, often weekly. Some people come for a few months with a focused
        goal; others stay for a year or more. The length is agreed together and revisited.
    """),
    risks=prose("""
        Talking about painful experiences can leave you feeling worse for a while before you feel better, and
        memories or strong feelings may surface between sessions. If this happens, tell your therapist: you can
        slow the pace, change the focus or pause. Therapy is not an emergency service; agree with your care team
        what to do in a crisis.
    """),
    sources=(
        "Norcross, J. C., & Goldfried, M. R. (Eds.) (2019). Handbook of Psychotherapy Integration (3rd ed.). "
        "Oxford University Press.",
        "Flückiger, C., Del Re, A. C., Wampold, B. E., & Horvath, A. O. (2018). The alliance in adult "
        "psychotherapy: A meta-analytic synthesis. Psychotherapy, 55(4), 316–340.",
        "Wampold, B. E., & Imel, Z. E. (2015). The Great Psychotherapy Debate: The Evidence for What Makes "
        "Psychotherapy Work (2nd ed.). Routledge.",
    ),
)

PSYCHODYNAMIC = ShippedTopic(
    slug="psychodynamic", kind=MODALITY, title="Psychodynamic psychotherapy",
    summary="A talking therapy that explores how earlier experiences, and patterns outside everyday awareness, "
            "shape how you feel and relate to others now.",
    body=prose("""
        Psychodynamic psychotherapy grew out of psychoanalysis. It starts from the idea that part of what drives
        our feelings, choices and relationships happens outside everyday awareness, often shaped by early
        relationships, and that putting these patterns into words can loosen their hold.

        Sessions are usually less structured than in some other therapies. You are invited to talk about whatever
        is on your mind, and together you look at recurring themes, at feelings that are hard to stay with, and at
        how old patterns show up in your relationships, sometimes including the one with your therapist.

        There are short-term forms, focused on one central difficulty, and longer open-ended ones. Reviews of
        randomised trials have found psychodynamic therapy helpful for depression, anxiety and other common
        problems, with gains that are usually kept, and sometimes grow, after therapy ends (Shedler, 2010; Abbass
        and colleagues, 2014). The trials vary in size and quality, so the evidence is stronger for some problems
        than for others.
    """),
    what_to_expect=prose("""
        You talk in your own words and at your own pace. The therapist listens closely, reflects back what they
        notice and may offer an understanding for you to take up, change or reject: nothing they suggest is a
        verdict about you. Feelings about the therapy or the therapist are welcome topics.
    """),
    duration=prose("""
        Sessions usually last about 50 minutes, once or twice a week (Shedler, 2010). Short-term psychodynamic
        therapy usually means up to about 40 sessions (Abbass and colleagues, 2014); long-term therapy, as studied,
        means at least a year or 50 sessions, and can continue for longer (Leichsenring and Rabung, 2008).
    """),
    risks=prose("""
        Exploring painful experiences can bring up strong feelings, and you may feel worse for a while. In long
        therapy some people come to lean heavily on their therapist; talking about that openly is part of the
        work. If the open format does not suit you, say so: a more structured approach may fit better.
    """),
    sources=(
        "Shedler, J. (2010). The efficacy of psychodynamic psychotherapy. American Psychologist, 65(2), 98–109.",
        "Leichsenring, F., & Rabung, S. (2008). Effectiveness of long-term psychodynamic psychotherapy: "
        "A meta-analysis. JAMA, 300(13), 1551–1565.",
        "Abbass, A. A., et al. (2014). Short-term psychodynamic psychotherapies for common mental disorders. "
        "Cochrane Database of Systematic Reviews, (7), CD004687.",
    ),
)

EMDR = ShippedTopic(
    slug="emdr", kind=MODALITY, title="EMDR (eye movement desensitisation and reprocessing)",
    summary="A structured therapy for distressing memories, especially after trauma, that pairs briefly recalling "
            "a memory with side-to-side eye movements, taps or tones.",
    body=prose("""
        EMDR was developed by Francine Shapiro in the late 1980s. It is used most often for post-traumatic stress:
        memories that still feel raw, intrude, or keep the body on alert long after the event.

        In the reprocessing phases you bring a memory to mind briefly (the image, the belief about yourself that
        goes with it and the feeling in your body) while following the therapist's hand with your eyes or noticing
        alternating taps or sounds. Unlike some other trauma therapies, you do not have to describe the memory in
        detail or do homework between sessions (World Health Organization, 2013). Between short sets you say what
        you notice. Over sessions the memory usually becomes less intense, and a more helpful belief about
        yourself can take hold.

        The World Health Organization (2013) and NICE in the UK (2018) both include EMDR among the psychological
        treatments they recommend for post-traumatic stress disorder in adults, alongside trauma-focused
        cognitive-behavioural therapy. How much the eye movements themselves contribute is still debated.
    """),
    what_to_expect=prose("""
        EMDR follows eight phases: history and planning; preparation, including ways to calm yourself; assessing a
        target memory; desensitisation; strengthening a helpful belief; a body scan; closing each session in a
        settled state; and reviewing progress next time. You choose the targets together, and you can stop a set
        at any moment with a signal agreed in advance.
    """),
    duration=prose("""
        Sessions often last 60 to 90 minutes. A single distressing event may need only a few reprocessing
        sessions; long-standing or repeated trauma usually needs a longer preparation phase and more sessions.
    """),
    risks=prose("""
        After a session you may feel tired or notice vivid dreams, new memories or stirred-up feelings for a day
        or two, so plan a gentle time afterwards. For people with severe dissociation or very unsettled
        circumstances, a longer preparation phase or another approach may be safer. If eye movements are
        uncomfortable, taps or tones work instead.
    """),
    sources=(
        "Shapiro, F. (2018). Eye Movement Desensitization and Reprocessing (EMDR) Therapy: Basic Principles, "
        "Protocols, and Procedures (3rd ed.). Guilford Press.",
        "World Health Organization (2013). Guidelines for the management of conditions specifically related to "
        "stress. Geneva: WHO.",
        "National Institute for Health and Care Excellence (2018). Post-traumatic stress disorder. "
        "NICE guideline NG116.",
    ),
)

SOMATIC_EXPERIENCING = ShippedTopic(
    slug="somatic-experiencing", kind=MODALITY, title="Somatic Experiencing",
    summary="A body-oriented approach to trauma and stress that works with sensations, in small steps, to help "
            "the nervous system settle.",
    body=prose("""
        Somatic Experiencing was developed by Peter Levine, drawing on how animals recover from threat. It treats
        trauma as something held in the nervous system and the body, not only in memory and thought.

        Rather than retelling an event in detail, you are guided to notice sensations such as tension, warmth,
        trembling or an urge to move, and to stay with them in small, manageable amounts ("titration"), moving
        back and forth between something difficult and something steadier ("pendulation"). The aim is for the
        body to complete stress responses that were cut short and to return more easily to a settled state.

        Research is still limited. One randomised trial, with 63 people with post-traumatic stress disorder, found
        that 15 weekly sessions reduced post-traumatic stress and depression compared with a waiting list (Brom
        and colleagues, 2017). A later review found the evidence promising but preliminary, from studies of mixed
        quality (Kuhfuß and colleagues, 2021). It is often combined with talking therapy.
    """),
    what_to_expect=prose("""
        Sessions are usually calm and slow. You may be asked where in your body you notice something, to describe
        it, or to make a small movement. Some practitioners use touch; here, touch happens only if you ask for it
        and have agreed it in writing beforehand, and you can withdraw that consent at any moment.
    """),
    duration=prose("""
        Sessions usually last 50 to 60 minutes. The number of sessions varies widely, from a handful to many
        months of work; in the one randomised trial, people had 15 weekly sessions of about an hour (Brom and
        colleagues, 2017).
    """),
    risks=prose("""
        Attending to the body can bring up strong sensations, emotions or memories, and you may feel shaky or
        tired afterwards. Going slowly is part of the method: say so if something feels like too much. Body-based
        work does not replace a medical check of physical symptoms.
    """),
    sources=(
        "Levine, P. A. (1997). Waking the Tiger: Healing Trauma. North Atlantic Books.",
        "Brom, D., Stokar, Y., Lawi, C., Nuriel-Porat, V., Ziv, Y., Lerner, K., & Ross, G. (2017). Somatic "
        "Experiencing for posttraumatic stress disorder: A randomized controlled outcome study. Journal of "
        "Traumatic Stress, 30(3), 304–312.",
        "Kuhfuß, M., Maldei, T., Hetmanek, A., & Baumann, N. (2021). Somatic experiencing – effectiveness and key "
        "factors of a body-oriented trauma therapy: A scoping literature review. European Journal of "
        "Psychotraumatology, 12(1), 1929023.",
    ),
)

HYPNOTHERAPY = ShippedTopic(
    slug="hypnotherapy", kind=MODALITY, title="Hypnotherapy",
    summary="The use of hypnosis, a focused and absorbed state in which people respond more readily to "
            "suggestion, as part of therapy.",
    body=prose("""
        In hypnosis your attention narrows and becomes absorbed, much as when you are lost in a book, your
        awareness of what is around you fades a little, and you respond more readily to suggestion. This is close
        to how the American Psychological Association's division for hypnosis defines it (Elkins and colleagues,
        2015). It is not sleep: you remain aware of what is happening, and you can stop at any time.

        Hypnotherapy uses this state within a wider treatment: to ease anxiety or pain, to rehearse new responses,
        or alongside cognitive-behavioural therapy. An early meta-analysis found that adding hypnosis to
        cognitive-behavioural therapy improved results (Kirsch and colleagues, 1995); a larger update found a
        smaller but still clear benefit (Ramondo and colleagues, 2021). In the UK, NICE lists hypnotherapy among
        the psychological options to consider for long-standing irritable bowel syndrome that has not responded to
        medicines.

        People differ in how readily they respond to hypnosis; that says nothing about weakness or strength of
        will.
    """),
    what_to_expect=prose("""
        You first talk about what you want to work on and agree the suggestions together. An induction follows,
        usually guided relaxation and focused attention, with eyes open or closed. The therapist then offers the
        agreed suggestions or imagery and guides you back to ordinary alertness. Many therapists also teach
        self-hypnosis for practice at home.
    """),
    duration=prose("""
        Sessions usually last 50 to 90 minutes. A focused goal may need a few sessions; hypnosis used within
        longer therapy continues for as long as it helps.
    """),
    risks=prose("""
        Some people feel briefly dizzy, sleepy, headachy or anxious afterwards. Hypnosis does not make memories
        more accurate and can make people more confident in details that never happened, so it should not be
        used to "recover" memories (Council on Scientific Affairs, 1985). People living with psychosis or some
        dissociative conditions need careful assessment first.
    """),
    sources=(
        "Elkins, G. R., Barabasz, A. F., Council, J. R., & Spiegel, D. (2015). Advancing research and practice: "
        "The revised APA Division 30 definition of hypnosis. International Journal of Clinical and Experimental "
        "Hypnosis, 63(1), 1–9.",
        "Kirsch, I., Montgomery, G., & Sapirstein, G. (1995). Hypnosis as an adjunct to cognitive-behavioral "
        "psychotherapy: A meta-analysis. Journal of Consulting and Clinical Psychology, 63(2), 214–220.",
        "Ramondo, N., Gignac, G. E., Pestell, C. F., & Byrne, S. M. (2021). Clinical hypnosis as an adjunct to "
        "cognitive behavior therapy: An updated meta-analysis. International Journal of Clinical and Experimental "
        "Hypnosis, 69(2), 169–202.",
        "Lynn, S. J., Kirsch, I., Barabasz, A., Cardeña, E., & Patterson, D. (2000). Hypnosis as an empirically "
        "supported clinical intervention: The state of the evidence and a look to the future. International "
        "Journal of Clinical and Experimental Hypnosis, 48(2), 239–259.",
        "Council on Scientific Affairs (1985). Scientific status of refreshing recollection by the use of "
        "hypnosis. JAMA, 253(13), 1918–1923.",
        "National Institute for Health and Care Excellence (2008, updated 2017). Irritable bowel syndrome in "
        "adults: diagnosis and management. Clinical guideline CG61.",
    ),
)

MINDFULNESS = ShippedTopic(
    slug="mindfulness", kind=MODALITY, title="Mindfulness-based approaches",
    summary="Courses and therapies that train attention to present-moment experience, met with curiosity "
            "rather than judgement.",
    body=prose("""
        Mindfulness means paying attention on purpose to what is happening now (breath, body sensations, sounds,
        thoughts and feelings) and meeting it with curiosity rather than judgement. Mindfulness-based programmes
        teach this as a skill built through regular practice.

        The best known are Mindfulness-Based Stress Reduction (MBSR), developed by Jon Kabat-Zinn, and
        Mindfulness-Based Cognitive Therapy (MBCT), which adds elements of cognitive therapy. MBCT lowers the risk
        of depression returning in people who have had several episodes (Kuyken and colleagues, 2016), and NICE
        suggests group MBCT, or group CBT, as one option for people who are well again but at higher risk of
        relapse (NICE, 2022). A review of trials against active comparison treatments found small to moderate
        benefits for anxiety, depression and pain (Goyal and colleagues, 2014).

        Mindfulness practices are also used within individual therapy, and some practitioners use them when
        preparing for and integrating psychedelic-assisted sessions, to help stay with whatever arises.
    """),
    what_to_expect=prose("""
        Courses usually meet in small groups. Guided practices such as a body scan, sitting meditation and
        gentle movement are followed by talking about what people noticed. Home practice between sessions is a
        large part of the programme. In individual therapy, practices are usually shorter and woven into the
        session.
    """),
    duration=prose("""
        MBSR and MBCT usually run for eight weekly group sessions of about two to two and a half hours, often
        with one longer day of practice, and ask for up to about 45 minutes of home practice a day. NICE
        describes relapse-prevention courses as usually eight sessions over two to three months (NICE, 2022).
    """),
    risks=prose("""
        Meditation is not always calming. Some people meet anxiety, low mood, vivid trauma memories, feelings of
        unreality or poor sleep. In a study of eight-week MBCT courses, more than a third of participants said
        practice had affected their daily life badly at some point, mostly for a short time, and a small
        minority had lasting difficulties such as feeling over-aroused or detached (Britton and colleagues,
        2021). If you live with trauma you can keep your eyes open, shorten practices or choose movement, as
        trauma-sensitive teachers suggest (Treleaven, 2018). Tell your teacher or therapist if practice becomes
        distressing.
    """),
    sources=(
        "Kabat-Zinn, J. (1990). Full Catastrophe Living: Using the Wisdom of Your Body and Mind to Face Stress, "
        "Pain, and Illness. Delacorte Press.",
        "Segal, Z. V., Williams, J. M. G., & Teasdale, J. D. (2013). Mindfulness-Based Cognitive Therapy for "
        "Depression (2nd ed.). Guilford Press.",
        "Kuyken, W., et al. (2016). Efficacy of mindfulness-based cognitive therapy in prevention of depressive "
        "relapse: An individual patient data meta-analysis from randomized trials. JAMA Psychiatry, 73(6), 565–574.",
        "Goyal, M., et al. (2014). Meditation programs for psychological stress and well-being: A systematic "
        "review and meta-analysis. JAMA Internal Medicine, 174(3), 357–368.",
        "Britton, W. B., Lindahl, J. R., Cooper, D. J., Canby, N. K., & Palitsky, R. (2021). Defining and "
        "measuring meditation-related adverse effects in mindfulness-based programs. Clinical Psychological "
        "Science, 9(6), 1185–1204.",
        "Treleaven, D. A. (2018). Trauma-Sensitive Mindfulness: Practices for Safe and Transformative Healing. "
        "W. W. Norton.",
        "National Institute for Health and Care Excellence (2022). Depression in adults: treatment and "
        "management. NICE guideline NG222.",
    ),
)

MODALITIES = (INTEGRATIVE, PSYCHODYNAMIC, EMDR, SOMATIC_EXPERIENCING, HYPNOTHERAPY, MINDFULNESS)
