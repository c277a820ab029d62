"""Shipped topics on substances. Written for cocreate; every claim is traced to a listed source.

Oregon facts follow OAR chapter 333 division 333 (the version in effect from 1 January 2025) and ORS chapter 475A;
check the current rules before relying on a detail. The MAPS protocol and the Johns Hopkins guidelines are cited as
published.
"""

from __future__ import annotations

from cocreate.library.content.base import ShippedTopic, prose

SUBSTANCE = "substance"
NAYAK_2021 = (
    "Nayak, S. M., Gukasyan, N., Barrett, F. S., Erowid, E., Erowid, F., & Griffiths, R. R. (2021). Classic "
    "psychedelic coadministration with lithium, but not lamotrigine, is associated with seizures: An analysis of "
    "online psychedelic experience reports. Pharmacopsychiatry, 54(5), 240–245."
)
BOYER_2005 = (
    "Boyer, E. W., & Shannon, M. (2005). The serotonin syndrome. New England Journal of Medicine, 352(11), "
    "1112–1120."
)

PSILOCYBIN = ShippedTopic(
    slug="psilocybin", kind=SUBSTANCE, title="Psilocybin",
    summary="The main active compound of 'magic' mushrooms: a classic psychedelic studied for depression and "
            "other conditions, and offered legally only in licensed settings in a few places.",
    body=prose("""
        Psilocybin occurs in many species of mushroom. The body turns it into psilocin, which acts mainly on
        serotonin 5-HT2A receptors and changes perception, emotion and the sense of self for several hours.

        In research, a session takes place after careful screening and preparation, in a calm, living-room-like
        room with eye shades and music, and with at least two trained monitors present throughout (Johnson,
        Richards and Griffiths, 2008). In randomised trials, a single dose given with psychological support
        reduced depression more than a placebo or a very low dose over the following weeks, both in major
        depression and in depression that had not responded to other treatment (Goodwin and colleagues, 2022;
        Raison and colleagues, 2023). It does not help everyone: in the largest trial the benefit had faded for
        many people by twelve weeks, and some had serious adverse events, including worsening suicidal thoughts.
        Research continues. Outside licensed programmes, such as Oregon's and Colorado's, and a few national
        schemes such as Australia's for authorised psychiatrists, psilocybin is illegal in most places.

        In Oregon's licensed psilocybin services, a client completes a client information form and a preparation
        session with a licensed facilitator before an administration session at a licensed service center, and
        must be offered an integration session afterwards, which they may decline (ORS 475A.345 to 475A.360;
        OAR 333-333-5050). Facilitators must be non-directive. Supportive touch is allowed only if the client asks
        for it and agreed to it in writing beforehand, and is limited to hugs or hands on the client's hands, feet
        or shoulders (OAR 333-333-5120).
    """),
    what_to_expect=prose("""
        Effects build gradually: often bodily sensations first, then changes in vision and in the flow of
        thoughts and feelings. Emotions can be intense (joy, grief, awe, fear) and memories may surface. The
        facilitators stay with you, keep you safe and do not steer your experience. Many people find it helps to
        hold an intention lightly and to let themselves meet whatever arises, difficult moments included.
        Afterwards, integration sessions help you make sense of the experience and carry it into daily life.
    """),
    duration=prose("""
        Effects usually begin within the first hour after taking psilocybin and are strongest around two hours
        after the dose. In a study of healthy volunteers given 15 to 30 mg, effects lasted about five and a half
        to six and a half hours on average, longer at higher doses and for some people (Holze and colleagues,
        2023). Keep the whole day free and arrange for someone to take you home. Oregon's rules set a minimum
        session length that rises with the dose, from one hour for the smallest doses (30 minutes for some
        repeat visits to the same centre within a year) to six hours for 35 to 50 mg (OAR 333-333-5250).
    """),
    risks=prose("""
        During a session: anxiety, fear, confusion or suspicion, which can be overwhelming (a "bad trip"); a
        moderate, temporary rise in blood pressure and heart rate; nausea; and a mild headache or tiredness
        afterwards (Johnson, Richards and Griffiths, 2008; Hasler and colleagues, 2004; Oregon Health
        Authority). Less commonly, psilocybin can set off a lasting psychosis;
        research therefore excludes people with a personal or family history of psychotic disorders (Johnson,
        Richards and Griffiths, 2008), and trials usually also exclude anyone with a history of mania (Raison and
        colleagues, 2023). Rarely, changes in vision linger after the session: tell your care team if this
        happens.

        In Oregon, a client may be found ineligible for services if they currently have thoughts of harming
        themselves or others, have taken lithium in the last 30 days, or have ever been diagnosed with active
        psychosis (Oregon Health Authority; OAR 333-333-5050). Mushrooms picked or bought outside a licensed
        system can be misidentified, and some poisonous species look alike.
    """),
    interactions=prose("""
        Lithium: reports link taking lithium with psilocybin or other classic psychedelics to seizures; in one
        analysis of 62 such reports, almost half described a seizure (Nayak and colleagues, 2021). Oregon's client
        information form asks about lithium in the last 30 days, and a yes can make a client ineligible.

        Antidepressants that act on serotonin (SSRIs, SNRIs) may change psilocybin's effects, and studies
        disagree. In a controlled study of healthy volunteers, two weeks of escitalopram left the positive effects
        largely unchanged while reducing anxiety and other unpleasant effects (Becker and colleagues, 2022). In a
        large survey, about half of people taking an SSRI or SNRI reported weaker effects than expected, sometimes
        for months after stopping (Gukasyan and colleagues, 2023). Never stop an antidepressant on your own:
        stopping suddenly can cause withdrawal symptoms and relapse, so any change is planned with your
        prescriber.

        MAO inhibitors (some antidepressants, and the harmala alkaloids in ayahuasca) may change psilocybin's
        effects; the combination has been little studied and is hard to predict, so tell your team if you take
        one. Because psilocybin can raise blood pressure for a few hours, people with heart disease or high
        blood pressure, or taking medicines for them, need a medical check first. Alcohol, cannabis and other
        drugs make the experience less predictable.
    """),
    sources=(
        "Johnson, M. W., Richards, W. A., & Griffiths, R. R. (2008). Human hallucinogen research: Guidelines for "
        "safety. Journal of Psychopharmacology, 22(6), 603–620.",
        "Goodwin, G. M., et al. (2022). Single-dose psilocybin for a treatment-resistant episode of major "
        "depression. New England Journal of Medicine, 387(18), 1637–1648.",
        "Raison, C. L., et al. (2023). Single-dose psilocybin treatment for major depressive disorder: A "
        "randomized clinical trial. JAMA, 330(9), 843–853.",
        "Holze, F., Becker, A. M., Kolaczynska, K. E., Duthaler, U., & Liechti, M. E. (2023). Pharmacokinetics and "
        "pharmacodynamics of oral psilocybin administration in healthy participants. Clinical Pharmacology & "
        "Therapeutics, 113(4), 822–831.",
        "Hasler, F., Grimberg, U., Benz, M. A., Huber, T., & Vollenweider, F. X. (2004). Acute psychological and "
        "physiological effects of psilocybin in healthy humans: A double-blind, placebo-controlled dose-effect "
        "study. Psychopharmacology, 172(2), 145–156.",
        "Oregon Administrative Rules, chapter 333, division 333 (Psilocybin), version in effect from 1 January "
        "2025, including OAR 333-333-5050 (Client Information Form), 333-333-5120 (Facilitator Conduct, including "
        "supportive touch) and 333-333-5250 (Duration of Administration Session); Oregon Revised Statutes chapter "
        "475A (Oregon Psilocybin Services Act, Ballot Measure 109, 2020), including ORS 475A.345 (preparation "
        "session), 475A.350 (client information form), 475A.355 (administration session) and 475A.360 "
        "(integration session).",
        "Oregon Health Authority (2024). Oregon Psilocybin Services: Access psilocybin services (eligibility), and "
        "the client informed consent form (common side effects). "
        "https://www.oregon.gov/oha/PH/PREVENTIONWELLNESS/Pages/Psilocybin-Access-Psilocybin-Services.aspx",
        NAYAK_2021,
        "Becker, A. M., et al. (2022). Acute effects of psilocybin after escitalopram or placebo pretreatment in a "
        "randomized, double-blind, placebo-controlled, crossover study in healthy subjects. Clinical Pharmacology "
        "& Therapeutics, 111(4), 886–895.",
        "Gukasyan, N., et al. (2023). Attenuation of psilocybin mushroom effects during and after SSRI/SNRI "
        "antidepressant use. Journal of Psychopharmacology, 37(7), 707–716.",
        "Therapeutic Goods Administration, Australia (2023). Change to classification of psilocybin and MDMA to "
        "enable prescribing by authorised psychiatrists. 3 February 2023, in effect from 1 July 2023.",
    ),
)

MDMA = ShippedTopic(
    slug="mdma", kind=SUBSTANCE, title="MDMA",
    summary="A drug that releases serotonin and other messengers in the brain, studied as an aid to "
            "psychotherapy for post-traumatic stress disorder; not an approved medicine in most countries.",
    body=prose("""
        MDMA (3,4-methylenedioxymethamphetamine, sold illicitly as ecstasy or molly) makes the brain release
        serotonin, noradrenaline and dopamine (de la Torre and colleagues, 2004). People often describe feeling
        open, less afraid and more connected to others, which is why researchers have combined it with
        psychotherapy for post-traumatic stress disorder (PTSD).

        In the MAPS-sponsored phase 3 trials, people with PTSD stopped their psychiatric medicines under
        supervision, then had three preparation sessions, three medicine sessions of about eight hours roughly a
        month apart, each followed by three integration sessions, with a pair of therapists present throughout
        (Mitchell and colleagues, 2021 and 2023). More participants improved with MDMA than with placebo and the
        same therapy.

        In June 2024 the US Food and Drug Administration's advisory committee voted that the evidence did not
        show that the benefits outweighed the risks. Its concerns included that most participants could tell
        whether they had received MDMA, how long the benefit lasts, gaps in the safety data and reports of
        misconduct. In August 2024 the FDA declined to approve MDMA-assisted therapy and asked for a further
        phase 3 trial. Since July 2023 Australia has allowed specially authorised psychiatrists to prescribe it
        for PTSD. Elsewhere it is available only in research. Illicit ecstasy often contains other, more dangerous
        substances.
    """),
    what_to_expect=prose("""
        In the research protocol, medicine sessions take place in a comfortable room with both therapists present
        all day. After the dose, many people lie back with eye shades and music and turn inward, talking when
        they want to; the therapists follow your lead and support whatever comes up, painful memories included.
        Blood pressure, pulse and temperature are checked during the day. You stay nearby or overnight and do not
        drive. Integration sessions in the following days help you work with what came up.
    """),
    duration=prose("""
        Effects usually begin 30 to 60 minutes after a dose, are strongest in the second hour and ease over the
        following hours (Freye, 2009). In the MAPS protocol a first dose of 80 or 120 mg could be followed by a
        half-size supplemental dose one and a half to two hours later, and a session lasts about eight hours.
        Tiredness and low mood can follow for a few days.
    """),
    risks=prose("""
        MDMA raises blood pressure, heart rate and body temperature, so uncontrolled high blood pressure and heart
        disease rule it out. Common effects include jaw clenching, muscle tightness, nausea, less appetite,
        sweating and restlessness, and afterwards tiredness, poor sleep and low mood. Drinking too much water can
        dangerously lower the salt (sodium) in the blood, so sessions manage fluids with care.

        Painful memories and feelings can surface; the trials tracked thoughts of suicide throughout. MDMA can
        be habit-forming for some people.
    """),
    interactions=prose("""
        Antidepressants that block serotonin reuptake (SSRIs, SNRIs) blunt MDMA's effects: in a study of healthy
        volunteers, citalopram taken beforehand markedly reduced most of MDMA's psychological effects (Liechti and
        colleagues, 2000). In the trials, people tapered off such medicines beforehand under their prescriber's
        supervision; never stop them on your own.

        MAO inhibitors (antidepressants such as phenelzine or moclobemide, the antibiotic linezolid, and the
        harmala alkaloids in ayahuasca) combined with MDMA can cause serotonin toxicity, which can kill: four
        deaths after MDMA taken with moclobemide were reported from Finland (Vuori and colleagues, 2003). Other
        drugs that raise serotonin, such as tramadol, dextromethorphan or St John's wort, add to that risk (Boyer
        and Shannon, 2005).

        MDMA blocks the liver enzyme CYP2D6 for some time after a dose. This enzyme breaks down many medicines
        (some antidepressants and antipsychotics, some beta-blockers, codeine), so their levels can change (de la
        Torre and colleagues, 2004 and 2012). Stimulants add to the strain on the heart. Tell the team about every
        medicine and supplement.
    """),
    sources=(
        "Mitchell, J. M., et al. (2021). MDMA-assisted therapy for severe PTSD: A randomized, double-blind, "
        "placebo-controlled phase 3 study. Nature Medicine, 27(6), 1025–1033.",
        "Mitchell, J. M., et al. (2023). MDMA-assisted therapy for moderate to severe PTSD: A randomized, "
        "placebo-controlled phase 3 trial. Nature Medicine, 29(10), 2473–2480.",
        "Mithoefer, M. C. (2017). A Manual for MDMA-Assisted Psychotherapy in the Treatment of Posttraumatic "
        "Stress Disorder, version 8.1 (22 May 2017). Multidisciplinary Association for Psychedelic Studies (MAPS).",
        "U.S. Food and Drug Administration (2024). Psychopharmacologic Drugs Advisory Committee meeting on "
        "midomafetamine (MDMA) capsules, 4 June 2024.",
        "U.S. Food and Drug Administration (2024). Complete response letter to Lykos Therapeutics on the new drug "
        "application for midomafetamine capsules for PTSD, 9 August 2024 (announced by Lykos Therapeutics).",
        "Therapeutic Goods Administration, Australia (2023). Change to classification of psilocybin and MDMA to "
        "enable prescribing by authorised psychiatrists. 3 February 2023, in effect from 1 July 2023.",
        "Liechti, M. E., Baumann, C., Gamma, A., & Vollenweider, F. X. (2000). Acute psychological effects of "
        "3,4-methylenedioxymethamphetamine (MDMA, \"Ecstasy\") are attenuated by the serotonin uptake inhibitor "
        "citalopram. Neuropsychopharmacology, 22(5), 513–521.",
        "Vuori, E., Henry, J. A., Ojanperä, I., et al. (2003). Death following ingestion of MDMA (ecstasy) and "
        "moclobemide. Addiction, 98(3), 365–368.",
        BOYER_2005,
        "de la Torre, R., et al. (2004). Human pharmacology of MDMA: Pharmacokinetics, metabolism, and "
        "disposition. Therapeutic Drug Monitoring, 26(2), 137–144.",
        "de la Torre, R., Yubero-Lahoz, S., Pardo-Lozano, R., & Farré, M. (2012). MDMA, methamphetamine, and "
        "CYP2D6 pharmacogenetics: What is clinically relevant? Frontiers in Genetics, 3, 235.",
        "Freye, E. (2009). Pharmacokinetics of MDMA. In Pharmacology and Abuse of Cocaine, Amphetamines, Ecstasy "
        "and Related Designer Drugs. Springer.",
    ),
)

KETAMINE = ShippedTopic(
    slug="ketamine", kind=SUBSTANCE, title="Ketamine",
    summary="An anaesthetic that at lower doses can lift depression quickly, though often briefly; given in "
            "clinics by infusion or injection, or as the esketamine nasal spray.",
    body=prose("""
        Ketamine is an approved anaesthetic that has been used in medicine for decades. At lower doses it brings
        on a dreamlike, dissociative state and, for some people with depression, a rapid lift in mood within
        hours to days (Berman and colleagues, 2000). Unlike most antidepressants it acts mainly on glutamate
        (NMDA) receptors.

        Esketamine, one form of ketamine, is approved as a nasal spray for treatment-resistant depression in the
        US (since 2019) and elsewhere. It is given only in certified clinics, where you are observed for at least
        two hours after each dose. Ketamine itself is not approved for any psychiatric condition in the US; it is
        used "off label" for depression, most often as an infusion into a vein. Some clinics combine ketamine with
        psychotherapy and use the altered state as part of it.

        The effect of a single dose often fades within about a week or two, so treatment usually means a series
        of sessions and a plan for what comes after (Sanacora and colleagues, 2017; McIntyre and colleagues,
        2021). The US Food and Drug Administration has warned about compounded ketamine, including forms taken at
        home without monitoring (2023).
    """),
    what_to_expect=prose("""
        Before treatment the clinic checks your health, including blood pressure, and asks about your medicines
        and any history of psychosis or substance use. During a session you sit or lie comfortably, often with
        eye shades and music. You may feel detached from your body, see shifting images or lose track of time.
        Blood pressure and breathing are checked. Afterwards you rest until the effects have passed, and someone
        else takes you home.
    """),
    duration=prose("""
        An intravenous infusion commonly runs for about 40 minutes, and the dissociative effects fade within an
        hour or two after it ends. With esketamine you stay at the clinic for at least two hours. A course usually
        starts with several sessions close together; esketamine starts at twice a week for the first four weeks.
        Do not drive or use machinery until the next day, after a night's sleep (esketamine
        prescribing information).
    """),
    risks=prose("""
        Common effects during a session are dissociation, dizziness, nausea, sedation, and a temporary rise in
        blood pressure and heart rate. The esketamine label rules it out for people with an aneurysm or other
        disease of the blood-vessel walls, an abnormal connection between arteries and veins (arteriovenous
        malformation) or a past bleed in the brain, and asks for a careful check, and possibly a delay, when blood
        pressure is high or there is other heart or blood-vessel disease.

        Ketamine can be misused. Frequent, long-term use can damage the bladder (causing painful, urgent
        urination) and affect memory, and ketamine can make psychosis worse (US Food and Drug Administration,
        2023; esketamine prescribing information). Tell your team if you have had problems with alcohol or drugs.
    """),
    interactions=prose("""
        Blood pressure: ketamine raises it for a while, and stimulants (such as amphetamines or methylphenidate)
        and MAO inhibitors can raise it further; the clinic monitors blood pressure closely (esketamine
        prescribing information).

        Sedatives: alcohol, benzodiazepines, opioids and sleeping medicines add to the sedation and can slow
        breathing. Some studies suggest that benzodiazepines, especially at higher doses, can also weaken
        ketamine's antidepressant effect (Andrashko and colleagues, 2020; Feeney and colleagues, 2023); change a
        dose only with your prescriber. In healthy volunteers, lamotrigine lessened some of ketamine's
        dissociative effects (Anand and colleagues, 2000). Tell the team everything you take, including cannabis
        and supplements.
    """),
    sources=(
        "Berman, R. M., et al. (2000). Antidepressant effects of ketamine in depressed patients. Biological "
        "Psychiatry, 47(4), 351–354.",
        "Sanacora, G., et al. (2017). A consensus statement on the use of ketamine in the treatment of mood "
        "disorders. JAMA Psychiatry, 74(4), 399–405.",
        "McIntyre, R. S., et al. (2021). Synthesizing the evidence for ketamine and esketamine in treatment-"
        "resistant depression: An international expert opinion on the available evidence and implementation. "
        "American Journal of Psychiatry, 178(5), 383–399.",
        "U.S. Food and Drug Administration (2019). FDA approves new nasal spray medication for treatment-resistant "
        "depression; available only at a certified doctor's office or clinic. News release, 5 March 2019.",
        "Janssen Pharmaceuticals (2019, with later revisions). Spravato (esketamine) nasal spray: US prescribing "
        "information and REMS.",
        "U.S. Food and Drug Administration (2023). FDA warns patients and health care providers about potential "
        "risks associated with compounded ketamine products, including oral formulations, for the treatment of "
        "psychiatric disorders. 10 October 2023.",
        "Andrashko, V., Novak, T., Brunovsky, M., Klirova, M., Sos, P., & Horacek, J. (2020). The antidepressant "
        "effect of ketamine is dampened by concomitant benzodiazepine medication. Frontiers in Psychiatry, 11, "
        "844.",
        "Feeney, A., et al. (2023). Effect of concomitant benzodiazepines on the antidepressant effects of "
        "ketamine: Findings from the RAPID intravenous ketamine study. Journal of Clinical Psychiatry, 84(1), "
        "22m14491.",
        "Anand, A., et al. (2000). Attenuation of the neuropsychiatric effects of ketamine with lamotrigine. "
        "Archives of General Psychiatry, 57(3), 270–276.",
    ),
)

AYAHUASCA = ShippedTopic(
    slug="ayahuasca", kind=SUBSTANCE, title="Ayahuasca",
    summary="A brew from Amazonian traditions, usually made from a vine and DMT-containing leaves, drunk in "
            "ceremony; it interacts dangerously with many medicines.",
    body=prose("""
        Ayahuasca comes from Indigenous traditions of the Amazon basin, where it has long been part of healing and
        ceremony, and it is central to some religions, such as Santo Daime and the União do Vegetal. It is usually
        brewed from the vine Banisteriopsis caapi and the leaves of Psychotria viridis. The leaves contain DMT, a
        psychedelic the gut normally breaks down at once; harmala alkaloids in the vine block the enzyme
        monoamine oxidase (MAO), so the DMT takes effect when drunk (Riba and colleagues, 2003).

        A small randomised trial suggests possible benefits for treatment-resistant depression (Palhano-Fontes
        and colleagues, 2019), but the research is small. Ayahuasca is not an approved medicine. In the US and
        many other countries DMT is a controlled substance, with exceptions for some religious groups (Gonzales
        v. O Centro Espírita Beneficente União do Vegetal, 2006).

        This topic does not mean that this practice provides ayahuasca. Many people come to therapy to prepare
        for, or make sense of, a ceremony elsewhere; your care team can help you think through safety, respect
        the traditions involved and integrate what happened.
    """),
    what_to_expect=prose("""
        Ceremonies are usually held at night, in a group, led by someone with a traditional or religious role,
        often with songs. Effects include vivid visions with eyes closed, strong emotions, memories and insights.
        Vomiting, and sometimes diarrhoea, are common and many traditions see them as part of a cleansing.
        Traditions and retreat centres often ask people to follow a diet and avoid certain medicines and drugs
        for some time before and after.
    """),
    duration=prose("""
        Effects usually begin within the first hour, are strongest at about one and a half to two hours (Riba and
        colleagues, 2003), and have mostly passed within about four to six hours. A ceremony may include more
        than one cup and often lasts through the night; retreats may hold several ceremonies over a few days.
    """),
    risks=prose("""
        Ayahuasca raises blood pressure, and sometimes heart rate, for a few hours (Riba and colleagues, 2003) and
        causes vomiting, which matters for people with heart disease, high blood pressure or some stomach and
        bowel conditions. Frightening experiences are common. Rarely it can set off psychosis or mania, most of
        all in people with a personal or family history of psychotic illness (dos Santos, Bouso and Hallak,
        2017).

        Ceremonies are not regulated: ask who is responsible for safety, whether anyone has medical training and
        how emergencies are handled. Sexual abuse by ceremony leaders has been reported in ayahuasca circles
        (Peluso and colleagues, 2020); you may leave at any time and refuse any touch.
    """),
    interactions=prose("""
        Because the vine blocks MAO, drugs that raise serotonin can cause serotonin toxicity, which can be
        life-threatening (Callaway and Grob, 1998; Boyer and Shannon, 2005). These include SSRI, SNRI, tricyclic
        and especially MAOI antidepressants, tramadol, dextromethorphan (in some cough medicines) and St John's
        wort. Stopping an antidepressant must be planned with the prescriber; some take weeks to leave the body.

        Stimulants, including amphetamines, cocaine and MDMA, add to the risk of serotonin toxicity and strain on
        the heart. Lithium with classic psychedelics has been linked to seizures (Nayak and colleagues, 2021). The
        vine's harmala alkaloids block MAO-A reversibly (Callaway and colleagues, 1999), so the risk from
        tyramine-rich foods (aged cheese, cured meat, fermented foods) is thought lower than with older MAOI
        medicines, but many traditions still ask for a diet.
    """),
    sources=(
        "Riba, J., et al. (2003). Human pharmacology of ayahuasca: Subjective and cardiovascular effects, "
        "monoamine metabolite excretion, and pharmacokinetics. Journal of Pharmacology and Experimental "
        "Therapeutics, 306(1), 73–83.",
        "Callaway, J. C., & Grob, C. S. (1998). Ayahuasca preparations and serotonin reuptake inhibitors: A "
        "potential combination for severe adverse interactions. Journal of Psychoactive Drugs, 30(4), 367–369.",
        "Callaway, J. C., McKenna, D. J., Grob, C. S., et al. (1999). Pharmacokinetics of Hoasca alkaloids in "
        "healthy humans. Journal of Ethnopharmacology, 65, 243–256.",
        BOYER_2005,
        "dos Santos, R. G., Bouso, J. C., & Hallak, J. E. C. (2017). Ayahuasca, dimethyltryptamine, and "
        "psychosis: A systematic review of human studies. Therapeutic Advances in Psychopharmacology, 7(4), "
        "141–157.",
        "Palhano-Fontes, F., et al. (2019). Rapid antidepressant effects of the psychedelic ayahuasca in "
        "treatment-resistant depression: A randomized placebo-controlled trial. Psychological Medicine, 49(4), "
        "655–663.",
        "Labate, B. C., & Cavnar, C. (Eds.) (2014). Ayahuasca Shamanism in the Amazon and Beyond. Oxford "
        "University Press.",
        "Peluso, D., Sinclair, E., Labate, B., & Cavnar, C. (2020). Reflections on crafting an ayahuasca "
        "community guide for the awareness of sexual abuse. Journal of Psychedelic Studies, 4(1), 24–33.",
        "Gonzales v. O Centro Espírita Beneficente União do Vegetal, 546 U.S. 418 (2006).",
        NAYAK_2021,
    ),
)

SUBSTANCES = (PSILOCYBIN, MDMA, KETAMINE, AYAHUASCA)
