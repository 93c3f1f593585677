//! What each law says that a letter needs, in each letter language: what
//! the request rests on, what a reminder and a report to the authority say,
//! what we ask the authority to do, what to certify, what may stay in
//! backups, and the duty to report a breach. docs/letters.md, "Legal basis",
//! is the same table in prose.
//!
//! The company is the controller (or business) and the vendor was its
//! processor (or service provider), so the letters rest on the processor's
//! duties at the end of the service, never on a data subject's right to
//! erasure. Every sentence here states only what the cited provision says;
//! where the law binds the contract rather than the vendor (GDPR Art.
//! 28(3)(g)), the sentence says so.

use serde::Serialize;

use crate::inventory::{Language, Law};

/// The legal text a template can use, as `law.*`.
#[derive(Debug, Clone, Serialize)]
pub struct LawText {
    /// `gdpr`, `ccpa`, ...
    pub id: &'static str,
    /// The law's name in a sentence: "the GDPR", "die DSGVO".
    pub name: &'static str,
    /// The provisions the request rests on, for a short reference.
    pub citation: &'static str,
    /// Why the vendor must delete now: the request's paragraph.
    pub duty: &'static str,
    /// The same, briefly, for a follow-up.
    pub reminder: &'static str,
    /// The vendor's duties, told to the authority (third person).
    pub report: &'static str,
    /// What we ask the authority to do, each with its power; empty for
    /// `contract`, which has no authority.
    pub ask: &'static [&'static str],
    /// The authority in a sentence, when the inventory names none.
    pub authority: &'static str,
    /// Why we ask for a written confirmation: one or two sentences.
    pub certification: &'static str,
    /// What may stay in backups, and until when: one or two sentences.
    pub backups: &'static str,
    /// The vendor's duty to tell us about a breach: one or two sentences.
    pub breach: &'static str,
    /// Why a breach inquiry wants a first answer within 72 hours, where the
    /// law starts a clock for us; empty elsewhere.
    pub urgency: &'static str,
    /// Whose deadline a request's answer-by date is: ours, modelled on the
    /// law's deadline for a data subject's or consumer's request.
    pub window: &'static str,
    /// The same, when the vendor's agreement sets the time (`response_days`).
    pub agreed_window: &'static str,
    /// Who we are, starting the request's instruction: "As the controller
    /// of the personal data you processed for us," (the law's own word for
    /// us: controller, business, organization).
    pub we: &'static str,
    /// The vendor in the law's word, as the escalation introduces it: "our
    /// processor", "our service provider".
    pub role: &'static str,
    /// The vendor's own subcontractors in the law's word, plural:
    /// "sub-processors", "service providers and contractors".
    pub subs: &'static str,
    /// What the law calls the data: "personal data", "personal information".
    pub data: &'static str,
    /// The noun of `data` alone, for a template that inflects the adjective
    /// itself ("alle personenbezogenen {{ law.data_noun }}"): "Daten" or
    /// "Informationen", so one letter never mixes the two.
    pub data_noun: &'static str,
    /// The escalation's sentence on who writes and why it is a report.
    pub standing: &'static str,
}

pub fn text(law: Law, language: Language) -> LawText {
    match language {
        Language::En => english(law),
        Language::De => german(law),
        Language::Nb => norwegian(law),
    }
}

fn english(law: Law) -> LawText {
    let confirm = "Please confirm the deletion to us in writing, so that we can \
                   show that our customers' data is gone.";
    let backups = "If copies remain in backups that cannot be deleted at once, \
                   please put them beyond use and tell us the date on which the \
                   last backup copy will be deleted or overwritten.";
    let urgency = "As the controller, we must notify a personal data breach to the \
                   supervisory authority without undue delay and, where feasible, not \
                   later than 72 hours after becoming aware of it, unless the breach is \
                   unlikely to result in a risk to the rights and freedoms of natural \
                   persons (Article 33(1) GDPR), so our clock may already be running.";
    let uk_urgency = "As the controller, we must notify a personal data breach to the \
                      Commissioner without undue delay and, where feasible, not later \
                      than 72 hours after becoming aware of it, unless the breach is \
                      unlikely to result in a risk to the rights and freedoms of natural \
                      persons (Article 33(1) UK GDPR), so our clock may already be \
                      running.";
    let contract = "Our contract allowed you to process this personal data only to \
                    provide your services to us. Those services have ended, so we \
                    instruct you to delete all the personal data you hold for us.";
    match law {
        Law::Gdpr => LawText {
            id: "gdpr",
            name: "the GDPR",
            citation: "Article 28(3)(g) GDPR",
            duty: "Article 28(3)(g) of the General Data Protection Regulation (GDPR) \
                   requires our contract to oblige you, at our choice, to delete or \
                   return all the personal data after the end of the provision of \
                   services relating to processing, and to delete existing copies \
                   unless Union or Member State law requires storage of the personal \
                   data. We choose deletion. Keeping the data any longer would also go \
                   against the principle of storage limitation in Article 5(1)(e) GDPR.",
            reminder: "Article 28(3)(g) GDPR requires our contract to oblige you to \
                       delete the personal data after the end of your services, and \
                       under Article 29 GDPR you may not process it except on our \
                       instructions, unless Union or Member State law requires you to. \
                       Our instruction is to delete it.",
            report: "Article 28(3)(g) GDPR requires our contract to oblige the processor, \
                     at our choice, to delete or return all the personal data after the \
                     end of the provision of services, and to delete existing copies \
                     unless Union or Member State law requires storage. We chose \
                     deletion. Under Article 29 GDPR, the processor may not process the \
                     data except on our instructions. Where a processor infringes the \
                     GDPR by determining the purposes and means of processing, for \
                     example by keeping the data for purposes of its own, Article 28(10) \
                     GDPR considers it a controller in respect of that processing.",
            ask: &[
                "to examine the matter on your own initiative, as part of your tasks \
                 to monitor and enforce the application of the GDPR and to conduct \
                 investigations on its application (Article 57(1)(a) and (h) GDPR)",
                "where you find an infringement, to use your corrective powers under \
                 Article 58(2) GDPR, for example by ordering the processor to bring \
                 its processing into compliance within a specified period (Article \
                 58(2)(d))",
            ],
            authority: "the supervisory authority",
            certification: "Where our contract uses the European Commission's standard \
                            contractual clauses, they also require you to certify the \
                            deletion to us (Clause 10(d) of Decision (EU) 2021/915, or \
                            Clause 8.5 of Decision (EU) 2021/914 for transfers outside \
                            the EEA). In any case we need a written confirmation to show \
                            our own compliance (Article 5(2) GDPR).",
            backups,
            breach: "Under Article 33(2) GDPR, a processor must notify the controller \
                     without undue delay after becoming aware of a personal data breach.",
            urgency,
            window: "We have set this date ourselves, modelled on the one month that Article 12(3) GDPR gives for answering a data subject's request.",
            agreed_window: "This date follows the response time in our agreement with you.",
            we: "As the controller of the personal data you processed for us,",
            role: "our processor",
            subs: "sub-processors",
            data: "personal data",
            data_noun: "data",
            standing: "We write as the organization on whose behalf the data was processed, to inform you; this is not a complaint by a data subject.",
        },
        Law::UkGdpr => LawText {
            id: "uk-gdpr",
            name: "the UK GDPR",
            citation: "Article 28(3)(g) UK GDPR",
            duty: "Article 28(3)(g) of the UK GDPR requires our contract to oblige you, \
                   at our choice, to delete or return all the personal data after the \
                   end of the provision of services relating to processing, and to \
                   delete existing copies unless domestic law requires storage of the \
                   personal data. We choose deletion. Keeping the data any longer would \
                   also go against the principle of storage limitation in Article \
                   5(1)(e) UK GDPR.",
            reminder: "Article 28(3)(g) UK GDPR requires our contract to oblige you to \
                       delete the personal data after the end of your services, and \
                       under Article 29 UK GDPR you may not process it except on our \
                       instructions, unless domestic law requires you to. Our \
                       instruction is to delete it.",
            report: "Article 28(3)(g) UK GDPR requires our contract to oblige the \
                     processor, at our choice, to delete or return all the personal data \
                     after the end of the provision of services, and to delete existing \
                     copies unless domestic law requires storage. We chose deletion. \
                     Under Article 29 UK GDPR, the processor may not process the data \
                     except on our instructions. Where a processor infringes the UK GDPR \
                     by determining the purposes and means of processing, for example by \
                     keeping the data for purposes of its own, Article 28(10) UK GDPR \
                     considers it a controller in respect of that processing.",
            ask: &[
                "to examine the matter on your own initiative, as part of your tasks \
                 to monitor and enforce the application of the UK GDPR and to conduct \
                 investigations on its application (Article 57(1)(a) and (h) UK GDPR)",
                "where you find an infringement, to use your corrective powers under \
                 Article 58(2) UK GDPR, for example by ordering the processor to bring \
                 its processing into compliance within a specified period (Article \
                 58(2)(d))",
            ],
            authority: "the UK's data protection regulator",
            certification: "We need a written confirmation to show our own compliance \
                            (Article 5(2) UK GDPR).",
            backups: "As the guidance of the Information Commissioner's Office describes, data in backups that cannot be \
                      deleted at once should be put beyond use until it is overwritten; \
                      please tell us the date on which the last backup copy will be \
                      deleted or overwritten.",
            breach: "Under Article 33(2) UK GDPR, a processor must notify the controller \
                     without undue delay after becoming aware of a personal data breach.",
            urgency: uk_urgency,
            window: "We have set this date ourselves, modelled on the one month that Article 12A UK GDPR sets as the applicable time period for answering a data subject's request.",
            agreed_window: "This date follows the response time in our agreement with you.",
            we: "As the controller of the personal data you processed for us,",
            role: "our processor",
            subs: "sub-processors",
            data: "personal data",
            data_noun: "data",
            standing: "We write as the organization on whose behalf the data was processed, to inform you; this is not a complaint by a data subject.",
        },
        Law::Ccpa => LawText {
            id: "ccpa",
            name: "the CCPA",
            citation: "11 CCR §7050(a) and §7051(a)(3)",
            duty: "You were our service provider under the California Consumer Privacy \
                   Act (CCPA). A service provider shall not retain, use or disclose \
                   personal information collected pursuant to its written contract with \
                   the business except as 11 CCR §7050(a) permits, chiefly for the \
                   business purposes specified in that contract, and the contract must \
                   prohibit any other retention, use or disclosure not otherwise \
                   permitted by the CCPA and its regulations (11 CCR §7051(a)(3)). The \
                   business purposes of our contract ended with your services to us. We \
                   therefore instruct you to delete the personal information you \
                   collected or processed for us, and to have your own service providers \
                   and contractors delete it too.",
            reminder: "Under 11 CCR §7050(a) and our contract (11 CCR §7051(a)(3)), you \
                       may retain the personal information only for the business \
                       purposes the contract specifies, except as the CCPA and its \
                       regulations otherwise permit. Those purposes ended with your \
                       services to us.",
            report: "The vendor was our service provider. Under 11 CCR §7050(a), a \
                     service provider shall not retain, use or disclose personal \
                     information collected pursuant to its written contract with the \
                     business except as that section permits, chiefly for the business \
                     purposes specified in the contract, and under 11 CCR §7051(a)(3) \
                     the contract must prohibit any other retention, use or disclosure \
                     not otherwise permitted. Those business purposes ended with its \
                     services to us.",
            ask: &[
                "to look into the matter under your power to investigate possible violations of the CCPA relating to any service provider, upon the sworn complaint of any person or on your own initiative (Cal. Civ. Code §1798.199.45(a))",
            ],
            authority: "the California Privacy Protection Agency",
            certification: confirm,
            backups,
            breach: "Where the data includes personal information as defined in Cal. \
                     Civ. Code §1798.82(h), §1798.82(b) requires a business that \
                     maintains computerized data including personal information it does \
                     not own to notify the owner immediately following discovery of a \
                     breach of the security of the data.",
            urgency: "",
            window: "We have set this date ourselves, modelled on the 45 calendar days that 11 CCR §7021(b) gives a business for responding to a consumer's request to delete.",
            agreed_window: "This date follows the response time in our agreement with you.",
            we: "As the business on whose behalf you processed personal information,",
            role: "our service provider",
            subs: "service providers and contractors",
            data: "personal information",
            data_noun: "information",
            standing: "We write as the business on whose behalf the personal information was processed, to inform you. This report is not a sworn complaint; should you prefer one, we will submit it.",
        },
        Law::Lgpd => LawText {
            id: "lgpd",
            name: "the LGPD",
            citation: "LGPD Articles 15, 16 and 39",
            duty: "Under Articles 15 and 16 of Brazil's General Data Protection Law \
                   (LGPD, Law No. 13,709/2018), personal data are to be deleted after \
                   their processing ends, except where Article 16 allows them to be \
                   kept, and as our processor you carry out the processing according to \
                   our instructions (Article 39). The processing has ended: we instruct \
                   you to delete all the personal data you hold for us.",
            reminder: "Under Article 16 LGPD, personal data are to be deleted after their \
                       processing ends, except where that article allows them to be \
                       kept, and as our processor you carry out the processing \
                       according to our instructions (Article 39 LGPD).",
            report: "Under Article 16 LGPD, personal data are to be deleted after their \
                     processing ends, except where that article allows them to be kept, \
                     and under Article 39 LGPD a processor carries out the processing \
                     according to the controller's instructions. The processing ended \
                     with the vendor's services to us.",
            ask: &[
                "to look into the matter under your power to supervise processing \
                 carried out in breach of the law and to apply sanctions through an \
                 administrative proceeding (Article 55-J, IV LGPD)",
            ],
            authority: "the National Data Protection Agency (Agência Nacional de Proteção de Dados, ANPD)",
            certification: confirm,
            backups,
            breach: "Under Article 48 LGPD we must report security incidents that may \
                     create relevant risk or damage to the data subjects, so we need to \
                     hear from you at once about any incident involving our data.",
            urgency: "Under Article 6 of Resolution CD/ANPD No. 15/2024, we must communicate such an incident to the ANPD within three business days of learning that it affected personal data, so our clock may already be running.",
            window: "We have set this date ourselves, modelled on the 15 days that Article 19 LGPD gives for answering a data subject's request for access.",
            agreed_window: "This date follows the response time in our agreement with you.",
            we: "As the controller of the personal data you processed for us,",
            role: "our processor",
            subs: "sub-processors",
            data: "personal data",
            data_noun: "data",
            standing: "We write as the organization on whose behalf the data was processed, to inform you; this is not a complaint by a data subject.",
        },
        Law::Pipeda => LawText {
            id: "pipeda",
            name: "PIPEDA",
            citation: "our contract and PIPEDA Schedule 1, Principle 4.5",
            duty: "Our contract allowed you to process this personal information only to \
                   provide your services to us, and those services have ended. Principle \
                   4.5 of Schedule 1 to the Personal Information Protection and \
                   Electronic Documents Act (PIPEDA) provides that personal information \
                   shall be retained only as long as necessary for the fulfilment of the \
                   purposes for which it was collected. We therefore ask you to destroy \
                   all the personal information you hold for us.",
            reminder: "Our contract allowed you to process the personal information only \
                       to provide your services to us, which have ended, and PIPEDA's \
                       Principle 4.5 provides that personal information shall be \
                       retained only as long as necessary for the fulfilment of its \
                       purposes.",
            report: "Our contract allowed the vendor to process the personal information \
                     only to provide its services to us, which have ended, and Principle \
                     4.5 of Schedule 1 to PIPEDA provides that personal information \
                     shall be retained only as long as necessary for the fulfilment of \
                     the purposes for which it was collected.",
            ask: &[
                "to look into the matter, and to consider initiating a complaint, as \
                 the Commissioner may where satisfied that there are reasonable grounds \
                 to investigate (PIPEDA s. 11(2))",
            ],
            authority: "the Office of the Privacy Commissioner of Canada",
            certification: confirm,
            backups,
            breach: "PIPEDA requires us to report breaches of security safeguards that \
                     create a real risk of significant harm (section 10.1), so we need \
                     your answer to assess the risk to our customers.",
            urgency: "",
            window: "We have set this date ourselves, modelled on the 30 days that PIPEDA s. 8(3) gives for responding to an individual's request for access.",
            agreed_window: "This date follows the response time in our agreement with you.",
            we: "As the organization responsible for the personal information you processed on our behalf,",
            role: "a third party that processed personal information on our behalf",
            subs: "third parties",
            data: "personal information",
            data_noun: "information",
            standing: "We write as the organization on whose behalf the personal information was processed, to inform you; this is not a complaint by an individual.",
        },
        Law::Contract => LawText {
            id: "contract",
            name: "our contract",
            citation: "our data processing agreement",
            duty: contract,
            reminder: "Our contract allowed you to process this personal data only to \
                       provide your services to us, and those services have ended.",
            report: "",
            ask: &[],
            authority: "",
            certification: confirm,
            backups,
            breach: "We ask you to tell us at once about any security incident involving the data you hold for us.",
            urgency: "",
            window: "We have set this date ourselves.",
            agreed_window: "This date follows the response time in our agreement with you.",
            we: "As the controller of the personal data you processed for us,",
            role: "our processor",
            subs: "sub-processors",
            data: "personal data",
            data_noun: "data",
            standing: "",
        },
    }
}

fn german(law: Law) -> LawText {
    let confirm = "Bitte bestätigen Sie uns die Löschung schriftlich, damit wir \
                   nachweisen können, dass die Daten unserer Kunden gelöscht sind.";
    let backups = "Falls Kopien in Sicherungen verbleiben, die sich nicht sofort \
                   löschen lassen, sperren Sie diese bitte gegen jede Nutzung und \
                   teilen Sie uns mit, an welchem Tag die letzte Sicherungskopie \
                   gelöscht oder überschrieben wird.";
    let urgency = "Als Verantwortliche müssen wir eine Verletzung des Schutzes \
                   personenbezogener Daten unverzüglich und möglichst binnen 72 Stunden, \
                   nachdem sie uns bekannt wurde, der Aufsichtsbehörde melden, es sei \
                   denn, dass sie voraussichtlich nicht zu einem Risiko für die Rechte \
                   und Freiheiten natürlicher Personen führt (Art. 33 Abs. 1 DSGVO); \
                   diese Frist kann bereits laufen.";
    let uk_urgency = "Als Verantwortliche müssen wir eine Verletzung des Schutzes \
                      personenbezogener Daten unverzüglich und möglichst binnen 72 \
                      Stunden, nachdem sie uns bekannt wurde, der britischen \
                      Datenschutzaufsichtsbehörde (dem Commissioner) melden, \
                      es sei denn, dass sie voraussichtlich nicht zu einem Risiko für die \
                      Rechte und Freiheiten natürlicher Personen führt (Art. 33 Abs. 1 UK \
                      GDPR); diese Frist kann bereits laufen.";
    match law {
        Law::Gdpr => LawText {
            id: "gdpr",
            name: "die DSGVO",
            citation: "Art. 28 Abs. 3 lit. g DSGVO",
            duty: "Nach Art. 28 Abs. 3 lit. g der Datenschutz-Grundverordnung (DSGVO) \
                   muss unser Vertrag Sie verpflichten, nach Abschluss der Erbringung der \
                   Verarbeitungsleistungen alle personenbezogenen Daten nach unserer Wahl \
                   zu löschen oder zurückzugeben und die vorhandenen Kopien zu löschen, \
                   sofern nicht nach dem Unionsrecht oder dem Recht der Mitgliedstaaten \
                   eine Verpflichtung zur Speicherung der personenbezogenen Daten \
                   besteht. Wir wählen die Löschung. Eine längere Speicherung \
                   widerspräche zudem dem Grundsatz der Speicherbegrenzung (Art. 5 Abs. 1 \
                   lit. e DSGVO).",
            reminder: "Nach Art. 28 Abs. 3 lit. g DSGVO muss unser Vertrag Sie \
                       verpflichten, die personenbezogenen Daten nach Abschluss Ihrer \
                       Leistungen zu löschen, und nach Art. 29 DSGVO dürfen Sie die Daten \
                       ausschließlich auf unsere Weisung verarbeiten, es sei denn, Sie \
                       sind nach dem Unionsrecht oder dem Recht der Mitgliedstaaten zur \
                       Verarbeitung verpflichtet. Unsere Weisung lautet, die Daten zu \
                       löschen.",
            report: "Nach Art. 28 Abs. 3 lit. g DSGVO muss unser Vertrag den \
                     Auftragsverarbeiter verpflichten, nach Abschluss der \
                     Verarbeitungsleistungen alle personenbezogenen Daten nach unserer Wahl \
                     zu löschen oder zurückzugeben und vorhandene Kopien zu löschen, sofern \
                     keine Pflicht zur Speicherung nach dem Unionsrecht oder dem Recht der \
                     Mitgliedstaaten besteht. Wir haben die Löschung gewählt. Nach Art. 29 \
                     DSGVO darf der Auftragsverarbeiter die Daten ausschließlich auf unsere \
                     Weisung verarbeiten. Verstößt ein Auftragsverarbeiter gegen die DSGVO, \
                     indem er die Zwecke und Mittel der Verarbeitung bestimmt, etwa indem \
                     er die Daten für eigene Zwecke aufbewahrt, gilt er nach Art. 28 Abs. 10 \
                     DSGVO in Bezug auf diese Verarbeitung als Verantwortlicher.",
            ask: &[
                "die Angelegenheit im Rahmen Ihrer Aufgaben, die Anwendung der DSGVO zu \
                 überwachen und durchzusetzen und Untersuchungen über ihre Anwendung \
                 durchzuführen (Art. 57 Abs. 1 lit. a und h DSGVO), von Amts wegen zu \
                 prüfen",
                "bei einem Verstoß von Ihren Abhilfebefugnissen nach Art. 58 Abs. 2 DSGVO \
                 Gebrauch zu machen, etwa durch die Anweisung an den \
                 Auftragsverarbeiter, die Verarbeitung innerhalb eines bestimmten \
                 Zeitraums mit der DSGVO in Einklang zu bringen (Art. 58 Abs. 2 lit. d)",
            ],
            authority: "der Aufsichtsbehörde",
            certification: "Soweit unser Vertrag die Standardvertragsklauseln der \
                            Europäischen Kommission verwendet, müssen Sie uns die \
                            Löschung zudem bescheinigen (Klausel 10 Buchst. d des \
                            Durchführungsbeschlusses (EU) 2021/915 bzw. Klausel 8.5 des \
                            Durchführungsbeschlusses (EU) 2021/914 bei Übermittlungen \
                            außerhalb des EWR). In jedem Fall benötigen wir eine \
                            schriftliche Bestätigung, um unserer Rechenschaftspflicht (Art. 5 Abs. 2 DSGVO) nachzukommen.",
            backups,
            breach: "Nach Art. 33 Abs. 2 DSGVO meldet ein Auftragsverarbeiter dem \
                     Verantwortlichen eine Verletzung des Schutzes personenbezogener \
                     Daten unverzüglich, nachdem sie ihm bekannt wurde.",
            urgency,
            window: "Diese Frist haben wir selbst gesetzt, in Anlehnung an die Monatsfrist, die Art. 12 Abs. 3 DSGVO für die Antwort auf den Antrag einer betroffenen Person vorsieht.",
            agreed_window: "Diese Frist folgt aus der in unserer Vereinbarung mit Ihnen zugesagten Antwortzeit.",
            we: "Als Verantwortliche für die personenbezogenen Daten, die Sie für uns verarbeitet haben,",
            role: "unseren Auftragsverarbeiter",
            subs: "Unterauftragsverarbeiter",
            data: "personenbezogene Daten",
            data_noun: "Daten",
            standing: "Wir schreiben Ihnen als das Unternehmen, in dessen Auftrag die Daten verarbeitet wurden, zu Ihrer Information; dies ist keine Beschwerde einer betroffenen Person.",
        },
        Law::UkGdpr => LawText {
            id: "uk-gdpr",
            name: "die UK GDPR",
            citation: "Art. 28 Abs. 3 lit. g UK GDPR",
            duty: "Nach Art. 28 Abs. 3 lit. g der UK GDPR muss unser Vertrag Sie \
                   verpflichten, nach Abschluss der Verarbeitungsleistungen alle \
                   personenbezogenen Daten nach unserer Wahl zu löschen oder \
                   zurückzugeben und vorhandene Kopien zu löschen, sofern nicht das Recht \
                   des Vereinigten Königreichs eine Speicherung verlangt. Wir wählen die \
                   Löschung. Eine längere Speicherung widerspräche zudem dem Grundsatz \
                   der Speicherbegrenzung (Art. 5 Abs. 1 lit. e UK GDPR).",
            reminder: "Nach Art. 28 Abs. 3 lit. g UK GDPR muss unser Vertrag Sie \
                       verpflichten, die personenbezogenen Daten nach Abschluss Ihrer \
                       Leistungen zu löschen, und nach Art. 29 UK GDPR dürfen Sie die \
                       Daten ausschließlich auf unsere Weisung verarbeiten, es sei denn, \
                       das Recht des Vereinigten Königreichs verpflichtet Sie dazu. \
                       Unsere Weisung lautet, die Daten zu löschen.",
            report: "Nach Art. 28 Abs. 3 lit. g UK GDPR muss unser Vertrag den \
                     Auftragsverarbeiter verpflichten, nach Abschluss der Leistungen alle \
                     personenbezogenen Daten nach unserer Wahl zu löschen oder \
                     zurückzugeben und vorhandene Kopien zu löschen, sofern nicht das Recht \
                     des Vereinigten Königreichs eine Speicherung verlangt. Wir haben die \
                     Löschung gewählt. Nach Art. 29 UK GDPR darf der Auftragsverarbeiter \
                     die Daten ausschließlich auf unsere Weisung verarbeiten. Verstößt ein \
                     Auftragsverarbeiter gegen die UK GDPR, indem er die Zwecke und Mittel \
                     der Verarbeitung bestimmt, etwa indem er die Daten für eigene Zwecke \
                     aufbewahrt, gilt er nach Art. 28 Abs. 10 UK GDPR in Bezug auf diese \
                     Verarbeitung als Verantwortlicher.",
            ask: &[
                "die Angelegenheit im Rahmen Ihrer Aufgaben, die Anwendung der UK GDPR \
                 zu überwachen und durchzusetzen und Untersuchungen über ihre Anwendung \
                 durchzuführen (Art. 57 Abs. 1 lit. a und h UK GDPR), von Amts wegen zu \
                 prüfen",
                "bei einem Verstoß von Ihren Abhilfebefugnissen nach Art. 58 Abs. 2 UK \
                 GDPR Gebrauch zu machen, etwa durch die Anweisung an den \
                 Auftragsverarbeiter, die Verarbeitung innerhalb eines bestimmten \
                 Zeitraums mit der UK GDPR in Einklang zu bringen (Art. 58 Abs. 2 lit. d)",
            ],
            authority: "der britischen Datenschutzaufsichtsbehörde",
            certification: "Wir benötigen eine schriftliche Bestätigung, um unserer Rechenschaftspflicht (Art. 5 Abs. 2 UK GDPR) nachzukommen.",
            backups: "Nach den Leitlinien des Information Commissioner's Office (ICO) sind Daten in Sicherungen, die sich \
                      nicht sofort löschen lassen, bis zu ihrem Überschreiben gegen jede \
                      Nutzung zu sperren; bitte teilen Sie uns mit, an welchem Tag die \
                      letzte Sicherungskopie gelöscht oder überschrieben wird.",
            breach: "Nach Art. 33 Abs. 2 UK GDPR meldet ein Auftragsverarbeiter dem \
                     Verantwortlichen eine Verletzung des Schutzes personenbezogener \
                     Daten unverzüglich, nachdem sie ihm bekannt wurde.",
            urgency: uk_urgency,
            window: "Diese Frist haben wir selbst gesetzt, in Anlehnung an die Monatsfrist, die Art. 12A UK GDPR als maßgebliche Frist für die Antwort auf den Antrag einer betroffenen Person vorsieht.",
            agreed_window: "Diese Frist folgt aus der in unserer Vereinbarung mit Ihnen zugesagten Antwortzeit.",
            we: "Als Verantwortliche für die personenbezogenen Daten, die Sie für uns verarbeitet haben,",
            role: "unseren Auftragsverarbeiter",
            subs: "Unterauftragsverarbeiter",
            data: "personenbezogene Daten",
            data_noun: "Daten",
            standing: "Wir schreiben Ihnen als das Unternehmen, in dessen Auftrag die Daten verarbeitet wurden, zu Ihrer Information; dies ist keine Beschwerde einer betroffenen Person.",
        },
        Law::Ccpa => LawText {
            id: "ccpa",
            name: "der CCPA",
            citation: "11 CCR §7050(a) und §7051(a)(3)",
            duty: "Sie waren unser Dienstleister (service provider) im Sinne des \
                   California Consumer Privacy Act (CCPA). Ein Dienstleister darf \
                   personenbezogene Informationen, die er aufgrund seines schriftlichen Vertrags \
                   mit dem Unternehmen erhoben hat, nur in den Fällen von 11 CCR §7050(a) \
                   aufbewahren, nutzen oder offenlegen, im Wesentlichen für die im Vertrag \
                   festgelegten Geschäftszwecke, und der Vertrag muss jede andere \
                   Aufbewahrung, Nutzung oder Offenlegung untersagen, soweit der CCPA und die zugehörigen Verordnungen sie nicht anderweitig erlauben (11 CCR §7051(a)(3)). Die \
                   Geschäftszwecke unseres Vertrags sind mit dem Ende Ihrer Leistungen \
                   entfallen. Wir weisen Sie daher an, die für uns erhobenen oder \
                   verarbeiteten personenbezogenen Informationen zu löschen und auch Ihre eigenen \
                   Dienstleister und Auftragnehmer zur Löschung anzuweisen.",
            reminder: "Nach 11 CCR §7050(a) und unserem Vertrag (11 CCR §7051(a)(3)) \
                       dürfen Sie die personenbezogenen Informationen nur für die im Vertrag \
                       festgelegten Geschäftszwecke aufbewahren, soweit der CCPA und die zugehörigen Verordnungen nichts anderes erlauben. Diese Zwecke sind mit dem \
                       Ende Ihrer Leistungen entfallen.",
            report: "Der Anbieter war unser Dienstleister. Nach 11 CCR §7050(a) darf ein \
                     Dienstleister personenbezogene Informationen, die er aufgrund seines \
                     schriftlichen Vertrags erhoben hat, nur in den dort genannten Fällen \
                     aufbewahren, nutzen oder offenlegen, im Wesentlichen für die im Vertrag \
                     festgelegten Geschäftszwecke, und nach 11 CCR §7051(a)(3) muss der \
                     Vertrag jede andere Aufbewahrung, Nutzung oder Offenlegung untersagen. \
                     Diese Geschäftszwecke sind mit dem Ende seiner Leistungen für uns \
                     entfallen.",
            ask: &[
                "der Angelegenheit im Rahmen Ihrer Befugnis nachzugehen, mögliche Verstöße eines Dienstleisters gegen den CCPA auf die eidesstattlich versicherte Beschwerde einer beliebigen Person oder von Amts wegen zu untersuchen (Cal. Civ. Code §1798.199.45(a))",
            ],
            authority: "der California Privacy Protection Agency",
            certification: confirm,
            backups,
            breach: "Soweit die Daten personenbezogene Informationen im Sinne von Cal. \
                     Civ. Code §1798.82(h) enthalten, verpflichtet §1798.82(b) ein \
                     Unternehmen, das solche Daten für einen anderen vorhält, diesen \
                     unmittelbar nach Entdeckung einer Sicherheitsverletzung zu \
                     benachrichtigen.",
            urgency: "",
            window: "Diese Frist haben wir selbst gesetzt, in Anlehnung an die 45 Kalendertage, die 11 CCR §7021(b) einem Unternehmen für die Antwort auf den Löschantrag eines Verbrauchers gibt.",
            agreed_window: "Diese Frist folgt aus der in unserer Vereinbarung mit Ihnen zugesagten Antwortzeit.",
            we: "Als das Unternehmen (business), in dessen Auftrag Sie personenbezogene Informationen verarbeitet haben,",
            role: "unseren Dienstleister (service provider)",
            subs: "Dienstleister und Auftragnehmer",
            data: "personenbezogene Informationen",
            data_noun: "Informationen",
            standing: "Wir schreiben Ihnen als das Unternehmen (business), in dessen Auftrag die personenbezogenen Informationen verarbeitet wurden, zu Ihrer Information. Diese Meldung ist keine eidesstattlich versicherte Beschwerde (sworn complaint); wünschen Sie eine solche, reichen wir sie gern ein.",
        },
        Law::Lgpd => LawText {
            id: "lgpd",
            name: "das LGPD",
            citation: "Art. 15, 16 und 39 LGPD",
            duty: "Nach Art. 15 und 16 des brasilianischen Datenschutzgesetzes (LGPD, \
                   Gesetz Nr. 13.709/2018) sind personenbezogene Daten nach dem Ende \
                   ihrer Verarbeitung zu löschen, soweit Art. 16 ihre Aufbewahrung nicht \
                   erlaubt, und als unser Auftragsverarbeiter verarbeiten Sie sie nach \
                   unseren Weisungen (Art. 39). Die Verarbeitung ist beendet: Wir weisen \
                   Sie an, alle für uns gespeicherten personenbezogenen Daten zu löschen.",
            reminder: "Nach Art. 16 LGPD sind personenbezogene Daten nach dem Ende ihrer \
                       Verarbeitung zu löschen, soweit dieser Artikel ihre Aufbewahrung \
                       nicht erlaubt, und als unser Auftragsverarbeiter verarbeiten Sie \
                       sie nach unseren Weisungen (Art. 39 LGPD).",
            report: "Nach Art. 16 LGPD sind personenbezogene Daten nach dem Ende ihrer \
                     Verarbeitung zu löschen, soweit dieser Artikel ihre Aufbewahrung nicht \
                     erlaubt, und nach Art. 39 LGPD verarbeitet ein Auftragsverarbeiter \
                     die Daten nach den Weisungen des Verantwortlichen. Die Verarbeitung \
                     endete mit den Leistungen des Anbieters für uns.",
            ask: &[
                "der Angelegenheit im Rahmen Ihrer Befugnis nachzugehen, rechtswidrige \
                 Verarbeitungen zu überwachen und in einem Verwaltungsverfahren zu \
                 sanktionieren (Art. 55-J, IV LGPD)",
            ],
            authority: "der Nationalen Datenschutzagentur (Agência Nacional de Proteção de Dados, ANPD)",
            certification: confirm,
            backups,
            breach: "Nach Art. 48 LGPD müssen wir Sicherheitsvorfälle melden, die ein \
                     relevantes Risiko oder einen relevanten Schaden für die Betroffenen \
                     verursachen können; daher müssen wir von jedem Vorfall, der unsere \
                     Daten betrifft, sofort erfahren.",
            urgency: "Nach Art. 6 der Resolution CD/ANPD Nr. 15/2024 müssen wir einen solchen Vorfall der ANPD binnen drei Arbeitstagen melden, nachdem wir erfahren haben, dass er personenbezogene Daten betrifft; diese Frist kann bereits laufen.",
            window: "Diese Frist haben wir selbst gesetzt, in Anlehnung an die 15 Tage, die Art. 19 LGPD für die Antwort auf das Auskunftsersuchen einer betroffenen Person vorsieht.",
            agreed_window: "Diese Frist folgt aus der in unserer Vereinbarung mit Ihnen zugesagten Antwortzeit.",
            we: "Als Verantwortliche für die personenbezogenen Daten, die Sie für uns verarbeitet haben,",
            role: "unseren Auftragsverarbeiter",
            subs: "Unterauftragsverarbeiter",
            data: "personenbezogene Daten",
            data_noun: "Daten",
            standing: "Wir schreiben Ihnen als das Unternehmen, in dessen Auftrag die Daten verarbeitet wurden, zu Ihrer Information; dies ist keine Beschwerde einer betroffenen Person.",
        },
        Law::Pipeda => LawText {
            id: "pipeda",
            name: "PIPEDA",
            citation: "unserem Vertrag und PIPEDA Anhang 1, Grundsatz 4.5",
            duty: "Unser Vertrag erlaubte Ihnen die Verarbeitung dieser personenbezogenen \
                   Daten nur zur Erbringung Ihrer Leistungen für uns, und diese Leistungen \
                   sind beendet. Nach Grundsatz 4.5 in Anhang 1 des kanadischen Personal \
                   Information Protection and Electronic Documents Act (PIPEDA) sind \
                   personenbezogene Informationen nur so lange aufzubewahren, wie es zur \
                   Erfüllung der Zwecke, für die sie erhoben wurden, erforderlich ist. Wir \
                   bitten Sie daher, alle für uns gespeicherten personenbezogenen Informationen zu \
                   vernichten.",
            reminder: "Unser Vertrag erlaubte Ihnen die Verarbeitung der Daten nur zur \
                       Erbringung Ihrer Leistungen für uns, die beendet sind, und nach \
                       Grundsatz 4.5 von PIPEDA sind personenbezogene Informationen nur so lange \
                       aufzubewahren, wie es zur Erfüllung ihrer Zwecke erforderlich ist.",
            report: "Unser Vertrag erlaubte dem Anbieter die Verarbeitung der Daten nur \
                     zur Erbringung seiner Leistungen für uns, die beendet sind, und nach \
                     Grundsatz 4.5 in Anhang 1 von PIPEDA sind personenbezogene Informationen nur \
                     so lange aufzubewahren, wie es zur Erfüllung der Zwecke, für die sie \
                     erhoben wurden, erforderlich ist.",
            ask: &[
                "der Angelegenheit nachzugehen und zu erwägen, selbst eine Beschwerde \
                 einzuleiten, wie es der Privacy Commissioner of Canada bei hinreichenden Gründen für eine Untersuchung kann (§ 11 Abs. 2 PIPEDA)",
            ],
            authority: "dem Office of the Privacy Commissioner of Canada",
            certification: confirm,
            backups,
            breach: "PIPEDA verpflichtet uns, Verletzungen der Sicherheitsvorkehrungen \
                     zu melden, die ein reales Risiko eines erheblichen Schadens \
                     begründen (§ 10.1 PIPEDA); wir brauchen Ihre Antwort, um das Risiko \
                     für unsere Kunden einzuschätzen.",
            urgency: "",
            window: "Diese Frist haben wir selbst gesetzt, in Anlehnung an die 30 Tage, die § 8 Abs. 3 PIPEDA für die Antwort auf das Auskunftsersuchen einer Person vorsieht.",
            agreed_window: "Diese Frist folgt aus der in unserer Vereinbarung mit Ihnen zugesagten Antwortzeit.",
            we: "Als die Organisation, die für die personenbezogenen Informationen verantwortlich ist, die Sie in unserem Auftrag verarbeitet haben,",
            role: "einen Dritten, der in unserem Auftrag personenbezogene Informationen verarbeitet hat",
            subs: "Dritten",
            data: "personenbezogene Informationen",
            data_noun: "Informationen",
            standing: "Wir schreiben Ihnen als die Organisation, in deren Auftrag die personenbezogenen Informationen verarbeitet wurden, zu Ihrer Information; dies ist keine Beschwerde einer Einzelperson.",
        },
        Law::Contract => LawText {
            id: "contract",
            name: "unser Vertrag",
            // Dative: templates write "nach {{ law.citation }}".
            citation: "unserem Auftragsverarbeitungsvertrag",
            duty: "Unser Vertrag erlaubte Ihnen die Verarbeitung dieser \
                   personenbezogenen Daten nur zur Erbringung Ihrer Leistungen für uns. \
                   Diese Leistungen sind beendet; wir weisen Sie daher an, alle für uns \
                   gespeicherten personenbezogenen Daten zu löschen.",
            reminder: "Unser Vertrag erlaubte Ihnen die Verarbeitung dieser \
                       personenbezogenen Daten nur zur Erbringung Ihrer Leistungen für \
                       uns, und diese Leistungen sind beendet.",
            report: "",
            ask: &[],
            authority: "",
            certification: confirm,
            backups,
            breach: "Wir bitten Sie, uns jeden Sicherheitsvorfall, der die für uns gespeicherten Daten betrifft, sofort zu melden.",
            urgency: "",
            window: "Diese Frist haben wir selbst gesetzt.",
            agreed_window: "Diese Frist folgt aus der in unserer Vereinbarung mit Ihnen zugesagten Antwortzeit.",
            we: "Als Verantwortliche für die personenbezogenen Daten, die Sie für uns verarbeitet haben,",
            role: "unseren Auftragsverarbeiter",
            subs: "Unterauftragsverarbeiter",
            data: "personenbezogene Daten",
            data_noun: "Daten",
            standing: "",
        },
    }
}

fn norwegian(law: Law) -> LawText {
    let confirm = "Vi ber om skriftlig bekreftelse på slettingen, slik at vi kan \
                   dokumentere at kundenes opplysninger er slettet.";
    let backups = "Dersom kopier ligger igjen i sikkerhetskopier som ikke kan \
                   slettes straks, ber vi om at de sperres for all bruk, og at dere \
                   oppgir datoen da den siste sikkerhetskopien slettes eller \
                   overskrives.";
    let urgency = "Som behandlingsansvarlig skal vi melde brudd på \
                   personopplysningssikkerheten til tilsynsmyndigheten uten ugrunnet \
                   opphold og om mulig innen 72 timer etter at vi har fått kjennskap til \
                   det, med mindre det er lite sannsynlig at bruddet vil medføre en risiko \
                   for fysiske personers rettigheter og friheter (personvernforordningen \
                   artikkel 33 nr. 1), så fristen vår kan allerede løpe.";
    let uk_urgency = "Som behandlingsansvarlig skal vi melde brudd på \
                      personopplysningssikkerheten til den britiske \
                      tilsynsmyndigheten (Commissioner) uten ugrunnet opphold og om mulig innen 72 timer etter at vi har fått kjennskap \
                      til det, med mindre det er lite sannsynlig at bruddet vil medføre en \
                      risiko for fysiske personers rettigheter og friheter (UK GDPR \
                      artikkel 33 nr. 1), så fristen vår kan allerede løpe.";
    match law {
        Law::Gdpr => LawText {
            id: "gdpr",
            name: "personvernforordningen",
            citation: "personvernforordningen artikkel 28 nr. 3 bokstav g",
            duty: "Etter personvernforordningen (GDPR) artikkel 28 nr. 3 bokstav g skal \
                   avtalen vår pålegge dere å slette eller tilbakelevere alle \
                   personopplysninger etter vårt valg når tjenestene knyttet til \
                   behandlingen er avsluttet, og å slette eksisterende kopier med mindre \
                   lagring av personopplysningene er påkrevd etter unionsretten eller \
                   nasjonal rett. Vi velger sletting. Videre lagring ville også stride mot \
                   prinsippet om lagringsbegrensning i artikkel 5 nr. 1 bokstav e.",
            reminder: "Etter personvernforordningen artikkel 28 nr. 3 bokstav g skal \
                       avtalen vår pålegge dere å slette personopplysningene når \
                       tjenestene er avsluttet, og etter artikkel 29 kan dere bare \
                       behandle dem etter instruks fra oss, med mindre unionsretten eller \
                       nasjonal rett krever det. Vår instruks er å slette dem.",
            report: "Etter personvernforordningen artikkel 28 nr. 3 bokstav g skal avtalen \
                     vår pålegge databehandleren å slette eller tilbakelevere alle \
                     personopplysninger etter vårt valg når tjenestene er avsluttet, og å \
                     slette eksisterende kopier med mindre lagring er påkrevd etter \
                     unionsretten eller nasjonal rett. Vi valgte sletting. Etter artikkel \
                     29 kan databehandleren bare behandle opplysningene etter instruks fra \
                     oss. En databehandler som bryter forordningen ved å bestemme formålet \
                     med og midlene for behandlingen, for eksempel ved å beholde \
                     opplysningene til egne formål, skal etter artikkel 28 nr. 10 anses som \
                     behandlingsansvarlig for den behandlingen.",
            ask: &[
                "å undersøke saken på eget initiativ, som ledd i oppgavene med å føre \
                 tilsyn med og håndheve anvendelsen av forordningen og å gjennomføre \
                 undersøkelser av anvendelsen (artikkel 57 nr. 1 bokstav a og h)",
                "dersom dere finner et brudd, å bruke korrigerende myndighet etter artikkel 58 nr. 2, for eksempel ved å pålegge databehandleren å bringe \
                 behandlingen i samsvar med forordningen innen en bestemt frist \
                 (artikkel 58 nr. 2 bokstav d)",
            ],
            authority: "tilsynsmyndigheten",
            certification: "Dersom avtalen vår bygger på EU-kommisjonens \
                            standardavtalevilkår mellom behandlingsansvarlige og \
                            databehandlere, skal dere også bekrefte slettingen overfor oss \
                            (klausul 10 bokstav d i gjennomføringsbeslutning (EU) \
                            2021/915, eller klausul 8.5 i gjennomføringsbeslutning (EU) \
                            2021/914 ved overføring ut av EØS). Uansett trenger vi en \
                            skriftlig bekreftelse for å oppfylle prinsippet om \
                            ansvarlighet (artikkel 5 nr. 2).",
            backups,
            breach: "Etter personvernforordningen artikkel 33 nr. 2 skal en \
                     databehandler uten ugrunnet opphold varsle den \
                     behandlingsansvarlige etter å ha fått kjennskap til et brudd på \
                     personopplysningssikkerheten.",
            urgency,
            window: "Denne fristen har vi satt selv, etter mønster av fristen på én måned som personvernforordningen artikkel 12 nr. 3 gir for å svare på en henvendelse fra en registrert.",
            agreed_window: "Denne fristen følger av svarfristen i avtalen vår med dere.",
            we: "Som behandlingsansvarlig for personopplysningene dere har behandlet for oss,",
            role: "vår databehandler",
            subs: "underdatabehandlere",
            data: "personopplysninger",
            data_noun: "opplysninger",
            standing: "Vi skriver som virksomheten opplysningene ble behandlet på vegne av, for å orientere dere; dette er ikke en klage fra en registrert.",
        },
        Law::UkGdpr => LawText {
            id: "uk-gdpr",
            name: "UK GDPR",
            citation: "UK GDPR artikkel 28 nr. 3 bokstav g",
            duty: "Etter UK GDPR artikkel 28 nr. 3 bokstav g skal avtalen vår pålegge \
                   dere å slette eller tilbakelevere alle personopplysninger etter vårt \
                   valg når tjenestene er avsluttet, og å slette eksisterende kopier med \
                   mindre britisk rett krever lagring. Vi velger sletting. Videre lagring \
                   ville også stride mot prinsippet om lagringsbegrensning i artikkel 5 \
                   nr. 1 bokstav e UK GDPR.",
            reminder: "Etter UK GDPR artikkel 28 nr. 3 bokstav g skal avtalen vår pålegge \
                       dere å slette personopplysningene når tjenestene er avsluttet, og \
                       etter artikkel 29 kan dere bare behandle dem etter instruks fra \
                       oss, med mindre britisk rett krever det. Vår instruks er å slette \
                       dem.",
            report: "Etter UK GDPR artikkel 28 nr. 3 bokstav g skal avtalen vår pålegge \
                     databehandleren å slette eller tilbakelevere alle personopplysninger \
                     etter vårt valg når tjenestene er avsluttet, og å slette \
                     eksisterende kopier med mindre britisk rett krever lagring. Vi valgte \
                     sletting. Etter artikkel 29 kan databehandleren bare behandle \
                     opplysningene etter instruks fra oss. En databehandler som bryter UK \
                     GDPR ved å bestemme formålet med og midlene for behandlingen, for \
                     eksempel ved å beholde opplysningene til egne formål, skal etter \
                     artikkel 28 nr. 10 anses som behandlingsansvarlig for den \
                     behandlingen.",
            ask: &[
                "å undersøke saken på eget initiativ, som ledd i oppgavene med å føre \
                 tilsyn med og håndheve anvendelsen av UK GDPR og å gjennomføre \
                 undersøkelser av anvendelsen (artikkel 57 nr. 1 bokstav a og h UK \
                 GDPR)",
                "dersom dere finner et brudd, å bruke korrigerende myndighet etter artikkel 58 nr. 2 UK GDPR, for eksempel ved å pålegge databehandleren å \
                 bringe behandlingen i samsvar med regelverket innen en bestemt frist \
                 (artikkel 58 nr. 2 bokstav d)",
            ],
            authority: "den britiske tilsynsmyndigheten for personvern",
            certification: "Vi trenger en skriftlig bekreftelse for å oppfylle \
                            prinsippet om ansvarlighet (UK GDPR artikkel 5 nr. 2).",
            backups: "Etter veiledningen fra Information Commissioner's Office (ICO) skal opplysninger i sikkerhetskopier \
                      som ikke kan slettes straks, sperres for all bruk til de \
                      overskrives; vi ber dere oppgi datoen da den siste \
                      sikkerhetskopien slettes eller overskrives.",
            breach: "Etter UK GDPR artikkel 33 nr. 2 skal en databehandler uten \
                     ugrunnet opphold varsle den behandlingsansvarlige etter å ha fått \
                     kjennskap til et brudd på personopplysningssikkerheten.",
            urgency: uk_urgency,
            window: "Denne fristen har vi satt selv, etter mønster av fristen på én måned som UK GDPR artikkel 12A fastsetter for å svare på en henvendelse fra en registrert.",
            agreed_window: "Denne fristen følger av svarfristen i avtalen vår med dere.",
            we: "Som behandlingsansvarlig for personopplysningene dere har behandlet for oss,",
            role: "vår databehandler",
            subs: "underdatabehandlere",
            data: "personopplysninger",
            data_noun: "opplysninger",
            standing: "Vi skriver som virksomheten opplysningene ble behandlet på vegne av, for å orientere dere; dette er ikke en klage fra en registrert.",
        },
        Law::Ccpa => LawText {
            id: "ccpa",
            name: "CCPA",
            citation: "11 CCR §7050(a) og §7051(a)(3)",
            duty: "Dere var vår tjenesteleverandør (service provider) etter California \
                   Consumer Privacy Act (CCPA). En tjenesteleverandør kan bare oppbevare, \
                   bruke eller utlevere personopplysninger den har samlet inn etter sin \
                   skriftlige avtale med virksomheten, i de tilfellene 11 CCR §7050(a) \
                   tillater, først og fremst for forretningsformålene som avtalen angir, \
                   og avtalen skal forby all annen oppbevaring, bruk eller utlevering som \
                   CCPA og forskriftene ikke ellers tillater (11 CCR §7051(a)(3)). \
                   Forretningsformålene i avtalen vår opphørte da tjenestene deres til oss \
                   ble avsluttet. Vi instruerer dere derfor om å slette \
                   personopplysningene dere har samlet inn eller behandlet for oss, og om \
                   å sørge for at deres egne tjenesteleverandører og underleverandører \
                   også sletter dem.",
            reminder: "Etter 11 CCR §7050(a) og avtalen vår (11 CCR §7051(a)(3)) kan dere \
                       bare oppbevare personopplysningene for forretningsformålene avtalen \
                       angir, med mindre CCPA og forskriftene ellers tillater det. Disse \
                       formålene opphørte da tjenestene deres til oss ble avsluttet.",
            report: "Leverandøren var vår tjenesteleverandør. Etter 11 CCR §7050(a) kan en \
                     tjenesteleverandør bare oppbevare, bruke eller utlevere \
                     personopplysninger den har samlet inn etter sin skriftlige avtale, i \
                     de tilfellene bestemmelsen tillater, først og fremst for \
                     forretningsformålene avtalen angir, og etter 11 CCR §7051(a)(3) skal \
                     avtalen forby all annen oppbevaring, bruk eller utlevering. Disse \
                     formålene opphørte da tjenestene til oss ble avsluttet.",
            ask: &[
                "å se nærmere på saken i kraft av myndigheten til å undersøke en tjenesteleverandørs mulige brudd på CCPA etter klage under ed fra enhver person eller på eget initiativ (Cal. Civ. Code §1798.199.45(a))",
            ],
            authority: "California Privacy Protection Agency",
            certification: confirm,
            backups,
            breach: "Der opplysningene omfatter personopplysninger slik de er definert i \
                     Cal. Civ. Code §1798.82(h), krever §1798.82(b) at en virksomhet som \
                     oppbevarer slike opplysninger den ikke eier, varsler eieren straks \
                     etter at et sikkerhetsbrudd er oppdaget.",
            urgency: "",
            window: "Denne fristen har vi satt selv, etter mønster av de 45 kalenderdagene som 11 CCR §7021(b) gir en virksomhet for å svare på en forbrukers krav om sletting.",
            agreed_window: "Denne fristen følger av svarfristen i avtalen vår med dere.",
            we: "Som virksomheten (business) dere har behandlet personopplysninger på vegne av,",
            role: "vår tjenesteleverandør (service provider)",
            subs: "tjenesteleverandører og underleverandører",
            data: "personopplysninger",
            data_noun: "opplysninger",
            standing: "Vi skriver som virksomheten (business) opplysningene ble behandlet på vegne av, for å orientere dere. Denne meldingen er ikke en klage under ed (sworn complaint); ønsker dere det, sender vi gjerne en slik klage.",
        },
        Law::Lgpd => LawText {
            id: "lgpd",
            name: "LGPD",
            citation: "LGPD artikkel 15, 16 og 39",
            duty: "Etter artikkel 15 og 16 i Brasils personvernlov (LGPD, lov nr. \
                   13.709/2018) skal personopplysninger slettes når behandlingen er \
                   avsluttet, med mindre artikkel 16 tillater at de oppbevares, og som vår \
                   databehandler behandler dere dem etter våre instrukser (artikkel 39). \
                   Behandlingen er avsluttet: vi instruerer dere om å slette alle \
                   personopplysninger dere oppbevarer for oss.",
            reminder: "Etter LGPD artikkel 16 skal personopplysninger slettes når \
                       behandlingen er avsluttet, med mindre artikkelen tillater at de \
                       oppbevares, og som vår databehandler behandler dere dem etter våre \
                       instrukser (LGPD artikkel 39).",
            report: "Etter LGPD artikkel 16 skal personopplysninger slettes når behandlingen \
                     er avsluttet, med mindre artikkelen tillater at de oppbevares, og \
                     etter LGPD artikkel 39 behandler en databehandler opplysningene etter \
                     den behandlingsansvarliges instrukser. Behandlingen ble avsluttet da \
                     leverandørens tjenester til oss opphørte.",
            ask: &[
                "å se nærmere på saken i kraft av myndigheten til å føre tilsyn med \
                 lovstridig behandling og ilegge sanksjoner i en forvaltningssak \
                 (LGPD artikkel 55-J, IV)",
            ],
            authority: "det nasjonale personvernbyrået (Agência Nacional de Proteção de Dados, ANPD)",
            certification: confirm,
            backups,
            breach: "Etter LGPD artikkel 48 må vi melde sikkerhetshendelser som kan \
                     medføre relevant risiko eller skade for de registrerte, så vi må \
                     straks få vite om enhver hendelse som berører våre opplysninger.",
            urgency: "Etter artikkel 6 i resolusjon CD/ANPD nr. 15/2024 må vi melde en slik hendelse til ANPD innen tre arbeidsdager etter at vi fikk vite at den berører personopplysninger, så fristen vår kan allerede løpe.",
            window: "Denne fristen har vi satt selv, etter mønster av de 15 dagene som LGPD artikkel 19 gir for å svare på en registrerts krav om innsyn.",
            agreed_window: "Denne fristen følger av svarfristen i avtalen vår med dere.",
            we: "Som behandlingsansvarlig for personopplysningene dere har behandlet for oss,",
            role: "vår databehandler",
            subs: "underdatabehandlere",
            data: "personopplysninger",
            data_noun: "opplysninger",
            standing: "Vi skriver som virksomheten opplysningene ble behandlet på vegne av, for å orientere dere; dette er ikke en klage fra en registrert.",
        },
        Law::Pipeda => LawText {
            id: "pipeda",
            name: "PIPEDA",
            citation: "avtalen vår og PIPEDA vedlegg 1, prinsipp 4.5",
            duty: "Avtalen vår ga dere rett til å behandle disse personopplysningene bare \
                   for å levere tjenestene deres til oss, og tjenestene er avsluttet. \
                   Etter prinsipp 4.5 i vedlegg 1 til den kanadiske loven Personal \
                   Information Protection and Electronic Documents Act (PIPEDA) skal \
                   personopplysninger bare oppbevares så lenge det er nødvendig for å \
                   oppfylle formålene de ble samlet inn for. Vi ber dere derfor destruere \
                   alle personopplysninger dere oppbevarer for oss.",
            reminder: "Avtalen vår ga dere rett til å behandle opplysningene bare for å \
                       levere tjenestene deres til oss, som er avsluttet, og etter \
                       prinsipp 4.5 i PIPEDA skal personopplysninger bare oppbevares så \
                       lenge det er nødvendig for formålene.",
            report: "Avtalen vår ga leverandøren rett til å behandle opplysningene bare for \
                     å levere tjenestene sine til oss, som er avsluttet, og etter prinsipp \
                     4.5 i vedlegg 1 til PIPEDA skal personopplysninger bare oppbevares så \
                     lenge det er nødvendig for å oppfylle formålene de ble samlet inn for.",
            ask: &[
                "å se nærmere på saken og vurdere å innlede en klagesak selv, slik personvernkommissæren (Privacy Commissioner of Canada) kan når det er rimelig grunn til å undersøke (PIPEDA § 11 (2))",
            ],
            authority: "Office of the Privacy Commissioner of Canada",
            certification: confirm,
            backups,
            breach: "PIPEDA pålegger oss å melde brudd på sikkerhetstiltak som gir en \
                     reell risiko for betydelig skade (PIPEDA § 10.1), så vi trenger \
                     svaret deres for å vurdere risikoen for kundene våre.",
            urgency: "",
            window: "Denne fristen har vi satt selv, etter mønster av de 30 dagene som PIPEDA § 8 (3) gir for å svare på en persons krav om innsyn.",
            agreed_window: "Denne fristen følger av svarfristen i avtalen vår med dere.",
            we: "Som organisasjonen som er ansvarlig for personopplysningene dere har behandlet på våre vegne,",
            role: "en tredjepart som har behandlet personopplysninger på våre vegne",
            subs: "tredjeparter",
            data: "personopplysninger",
            data_noun: "opplysninger",
            standing: "Vi skriver som organisasjonen opplysningene ble behandlet på vegne av, for å orientere dere; dette er ikke en klage fra en enkeltperson.",
        },
        Law::Contract => LawText {
            id: "contract",
            name: "avtalen vår",
            citation: "databehandleravtalen vår",
            duty: "Avtalen vår ga dere rett til å behandle disse personopplysningene \
                   bare for å levere tjenestene deres til oss. Tjenestene er avsluttet, \
                   og vi instruerer dere derfor om å slette alle personopplysninger dere \
                   oppbevarer for oss.",
            reminder: "Avtalen vår ga dere rett til å behandle disse personopplysningene \
                       bare for å levere tjenestene deres til oss, og tjenestene er \
                       avsluttet.",
            report: "",
            ask: &[],
            authority: "",
            certification: confirm,
            backups,
            breach: "Vi ber dere varsle oss straks om enhver sikkerhetshendelse som berører opplysningene dere oppbevarer for oss.",
            urgency: "",
            window: "Denne fristen har vi satt selv.",
            agreed_window: "Denne fristen følger av svarfristen i avtalen vår med dere.",
            we: "Som behandlingsansvarlig for personopplysningene dere har behandlet for oss,",
            role: "vår databehandler",
            subs: "underdatabehandlere",
            data: "personopplysninger",
            data_noun: "opplysninger",
            standing: "",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_law_has_text_in_every_language() {
        for law in Law::ALL {
            for language in Language::ALL {
                let t = text(*law, *language);
                assert_eq!(t.id, law.as_str());
                for part in [t.duty, t.reminder, t.certification, t.backups, t.breach] {
                    assert!(part.len() > 40, "{law} {language}: {part}");
                    assert!(
                        !part.contains("  "),
                        "{law} {language}: double space in {part}"
                    );
                }
            }
        }
    }

    #[test]
    fn gdpr_rests_on_the_processors_duty_not_on_erasure_requests() {
        let t = text(Law::Gdpr, Language::En);
        assert!(t.duty.contains("Article 28(3)(g)"));
        assert!(t.duty.contains("requires our contract to oblige you"));
        assert!(t.duty.contains("5(1)(e)"));
        assert!(!t.duty.contains("Article 17"));
        assert!(
            text(Law::Gdpr, Language::De)
                .duty
                .contains("Art. 28 Abs. 3 lit. g")
        );
        assert!(
            text(Law::Gdpr, Language::Nb)
                .duty
                .contains("artikkel 28 nr. 3 bokstav g")
        );
    }
}
