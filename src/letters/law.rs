//! What each law says that a letter needs, in each letter language: the
//! duty to delete at the end of the service, what to certify, what may stay
//! in backups, and the duty to report a breach (LETTERS.md).
//!
//! The company is the controller (or business) and the vendor was its
//! processor (or service provider), so the letters rest on the processor's
//! duties at the end of the service, never on a data subject's right to
//! erasure. Nothing here claims more than the cited provision says.

use serde::Serialize;

use crate::inventory::{Language, Law};

/// The legal text a template can use, as `law.*`.
#[derive(Debug, Clone, Serialize)]
pub struct LawText {
    /// `gdpr`, `ccpa`, ...
    pub id: &'static str,
    /// The law's name in a sentence: "the GDPR", "die DSGVO".
    pub name: &'static str,
    /// The provision a subject line or a short reference cites.
    pub citation: &'static str,
    /// Why the vendor must delete now: a paragraph.
    pub duty: &'static str,
    /// Why we ask for a written confirmation: one or two sentences.
    pub certification: &'static str,
    /// What may stay in backups, and until when: one or two sentences.
    pub backups: &'static str,
    /// The vendor's duty to tell us about a breach: one or two sentences.
    pub breach: &'static str,
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
                   last backup copy will expire.";
    match law {
        Law::Gdpr => LawText {
            id: "gdpr",
            name: "the GDPR",
            citation: "Article 28(3)(g) GDPR",
            duty: "Under Article 28(3)(g) of the General Data Protection Regulation \
                   (GDPR), a processor must, at the choice of the controller, delete or \
                   return all the personal data after the end of the provision of \
                   services relating to processing, and delete existing copies unless \
                   Union or Member State law requires their storage. We choose deletion. \
                   Keeping the data any longer would also go against the principle of \
                   storage limitation in Article 5(1)(e) GDPR.",
            certification: "Where our contract uses the European Commission's standard \
                            contractual clauses, they also require you to certify the \
                            deletion to us (Clause 10(d) of Decision (EU) 2021/915, or \
                            Clause 8.5 of Decision (EU) 2021/914 for transfers outside \
                            the EEA). In any case we need a written confirmation to show \
                            our own compliance (Article 5(2) GDPR).",
            backups,
            breach: "Under Article 33(2) GDPR, a processor must notify the controller \
                     without undue delay after becoming aware of a personal data breach.",
        },
        Law::UkGdpr => LawText {
            id: "uk-gdpr",
            name: "the UK GDPR",
            citation: "Article 28(3)(g) UK GDPR",
            duty: "Under Article 28(3)(g) of the UK GDPR, a processor must, at the \
                   choice of the controller, delete or return all the personal data \
                   after the end of the provision of services relating to processing, \
                   and delete existing copies unless domestic law requires their \
                   storage. We choose deletion. Keeping the data any longer would also \
                   go against the principle of storage limitation in Article 5(1)(e) \
                   UK GDPR and the Data Protection Act 2018.",
            certification: "We need a written confirmation to show our own compliance \
                            (Article 5(2) UK GDPR).",
            backups: "As the ICO's guidance describes, data in backups that cannot be \
                      deleted at once should be put beyond use until it is overwritten; \
                      please tell us the date on which the last backup copy will expire.",
            breach: "Under Article 33(2) UK GDPR, a processor must notify the controller \
                     without undue delay after becoming aware of a personal data breach.",
        },
        Law::Ccpa => LawText {
            id: "ccpa",
            name: "the CCPA",
            citation: "Cal. Civ. Code §1798.105 and CCPA Regulations §7022",
            duty: "You were our service provider under the California Consumer Privacy \
                   Act (CCPA), and your use of the personal information was limited to \
                   the services in our contract (CCPA Regulations §7050-7051). Those \
                   services have ended. We hereby notify you to delete the personal \
                   information you collected or processed for us (Cal. Civ. Code \
                   §1798.105; CCPA Regulations §7022(b)) and, as §7022(c) provides, to \
                   notify your own service providers and contractors to delete it too.",
            certification: confirm,
            backups: "Personal information in archived or backup systems may be deleted \
                      when that system is next restored, accessed or used (CCPA \
                      Regulations §7022(d)); please tell us when that will be, or the \
                      date on which those backups expire.",
            breach: "Cal. Civ. Code §1798.82(b) requires a business that maintains \
                     personal information it does not own to notify the owner \
                     immediately following discovery of a breach.",
        },
        Law::Lgpd => LawText {
            id: "lgpd",
            name: "the LGPD",
            citation: "LGPD Articles 15, 16 and 39",
            duty: "Under Articles 15 and 16 of Brazil's General Data Protection Law \
                   (LGPD, Law No. 13,709/2018), personal data must be deleted when its \
                   processing ends, and as our processor you process it only on our \
                   instructions (Article 39). The processing has ended: we instruct you \
                   to delete all the personal data you hold for us.",
            certification: confirm,
            backups,
            breach: "Under Article 48 LGPD we must report security incidents that may \
                     create relevant risk or damage to the data subjects, so we need to \
                     hear from you at once about any incident involving our data.",
        },
        Law::Pipeda => LawText {
            id: "pipeda",
            name: "PIPEDA",
            citation: "PIPEDA Schedule 1, Principles 4.1.3 and 4.5.3",
            duty: "Under the Personal Information Protection and Electronic Documents \
                   Act (PIPEDA), personal information that is no longer required to \
                   fulfil the identified purposes should be destroyed, erased or made \
                   anonymous (Schedule 1, Principle 4.5.3), and we remain responsible \
                   for the personal information we transferred to you for processing \
                   (Principle 4.1.3). Your services to us have ended, so we ask you to \
                   destroy all the personal information you hold for us.",
            certification: confirm,
            backups,
            breach: "PIPEDA requires us to report breaches of security safeguards that \
                     create a real risk of significant harm (section 10.1), so we need \
                     your answer to assess the risk to our customers.",
        },
        Law::Contract => LawText {
            id: "contract",
            name: "our contract",
            citation: "our data processing agreement",
            duty: "Our contract allowed you to process this personal data only to \
                   provide your services to us. Those services have ended, so we \
                   instruct you to delete all the personal data you hold for us.",
            certification: confirm,
            backups,
            breach: "As our processor you must tell us at once about any security \
                     incident involving the data you hold for us.",
        },
    }
}

fn german(law: Law) -> LawText {
    let confirm = "Bitte bestätigen Sie uns die Löschung schriftlich, damit wir \
                   nachweisen können, dass die Daten unserer Kunden gelöscht sind.";
    let backups = "Falls Kopien in Sicherungen verbleiben, die sich nicht sofort \
                   löschen lassen, sperren Sie diese bitte gegen jede Nutzung und \
                   teilen Sie uns mit, an welchem Tag die letzte Sicherungskopie \
                   abläuft.";
    match law {
        Law::Gdpr => LawText {
            id: "gdpr",
            name: "die DSGVO",
            citation: "Art. 28 Abs. 3 lit. g DSGVO",
            duty: "Nach Art. 28 Abs. 3 lit. g der Datenschutz-Grundverordnung (DSGVO) \
                   muss ein Auftragsverarbeiter nach Abschluss der Erbringung der \
                   Verarbeitungsleistungen alle personenbezogenen Daten nach Wahl des \
                   Verantwortlichen löschen oder zurückgeben und vorhandene Kopien \
                   löschen, sofern nicht nach dem Unionsrecht oder dem Recht der \
                   Mitgliedstaaten eine Verpflichtung zur Speicherung besteht. Wir \
                   wählen die Löschung. Eine längere Speicherung widerspräche zudem dem \
                   Grundsatz der Speicherbegrenzung (Art. 5 Abs. 1 lit. e DSGVO).",
            certification: "Soweit unser Vertrag die Standardvertragsklauseln der \
                            Europäischen Kommission verwendet, müssen Sie uns die \
                            Löschung zudem bescheinigen (Klausel 10 Buchst. d des \
                            Durchführungsbeschlusses (EU) 2021/915 bzw. Klausel 8.5 des \
                            Durchführungsbeschlusses (EU) 2021/914 bei Übermittlungen \
                            außerhalb des EWR). In jedem Fall benötigen wir eine \
                            schriftliche Bestätigung als Nachweis unserer eigenen \
                            Rechenschaftspflicht (Art. 5 Abs. 2 DSGVO).",
            backups,
            breach: "Nach Art. 33 Abs. 2 DSGVO meldet ein Auftragsverarbeiter dem \
                     Verantwortlichen eine Verletzung des Schutzes personenbezogener \
                     Daten unverzüglich, nachdem sie ihm bekannt wurde.",
        },
        Law::UkGdpr => LawText {
            id: "uk-gdpr",
            name: "die UK GDPR",
            citation: "Art. 28 Abs. 3 lit. g UK GDPR",
            duty: "Nach Art. 28 Abs. 3 lit. g der UK GDPR muss ein Auftragsverarbeiter \
                   nach Abschluss der Verarbeitungsleistungen alle personenbezogenen \
                   Daten nach Wahl des Verantwortlichen löschen oder zurückgeben und \
                   vorhandene Kopien löschen, sofern nicht das Recht des Vereinigten \
                   Königreichs eine Speicherung verlangt. Wir wählen die Löschung. Eine \
                   längere Speicherung widerspräche zudem dem Grundsatz der \
                   Speicherbegrenzung (Art. 5 Abs. 1 lit. e UK GDPR) und dem Data \
                   Protection Act 2018.",
            certification: "Wir benötigen eine schriftliche Bestätigung als Nachweis \
                            unserer eigenen Rechenschaftspflicht (Art. 5 Abs. 2 UK GDPR).",
            backups: "Nach den Leitlinien des ICO sind Daten in Sicherungen, die sich \
                      nicht sofort löschen lassen, bis zu ihrem Überschreiben gegen jede \
                      Nutzung zu sperren; bitte teilen Sie uns mit, an welchem Tag die \
                      letzte Sicherungskopie abläuft.",
            breach: "Nach Art. 33 Abs. 2 UK GDPR meldet ein Auftragsverarbeiter dem \
                     Verantwortlichen eine Verletzung des Schutzes personenbezogener \
                     Daten unverzüglich, nachdem sie ihm bekannt wurde.",
        },
        Law::Ccpa => LawText {
            id: "ccpa",
            name: "der CCPA",
            citation: "Cal. Civ. Code §1798.105 und CCPA Regulations §7022",
            duty: "Sie waren unser Dienstleister (service provider) im Sinne des \
                   California Consumer Privacy Act (CCPA); Ihre Nutzung der \
                   personenbezogenen Daten war auf die vertraglich vereinbarten \
                   Leistungen beschränkt (CCPA Regulations §7050-7051). Diese \
                   Leistungen sind beendet. Wir fordern Sie hiermit auf, die für uns \
                   erhobenen oder verarbeiteten personenbezogenen Daten zu löschen (Cal. \
                   Civ. Code §1798.105; CCPA Regulations §7022(b)) und, wie §7022(c) \
                   vorsieht, Ihre eigenen Dienstleister und Auftragnehmer ebenfalls zur \
                   Löschung aufzufordern.",
            certification: confirm,
            backups: "Daten in Archiv- oder Sicherungssystemen dürfen gelöscht werden, \
                      wenn das System das nächste Mal wiederhergestellt, abgerufen oder \
                      genutzt wird (CCPA Regulations §7022(d)); bitte teilen Sie uns mit, \
                      wann das sein wird oder an welchem Tag diese Sicherungen ablaufen.",
            breach: "Cal. Civ. Code §1798.82(b) verpflichtet ein Unternehmen, das \
                     personenbezogene Daten für einen anderen vorhält, diesen unmittelbar \
                     nach Entdeckung einer Sicherheitsverletzung zu benachrichtigen.",
        },
        Law::Lgpd => LawText {
            id: "lgpd",
            name: "das LGPD",
            citation: "Art. 15, 16 und 39 LGPD",
            duty: "Nach Art. 15 und 16 des brasilianischen Datenschutzgesetzes (LGPD, \
                   Gesetz Nr. 13.709/2018) sind personenbezogene Daten nach dem Ende \
                   ihrer Verarbeitung zu löschen, und als unser Auftragsverarbeiter \
                   verarbeiten Sie sie nur nach unseren Weisungen (Art. 39). Die \
                   Verarbeitung ist beendet: Wir weisen Sie an, alle für uns \
                   gespeicherten personenbezogenen Daten zu löschen.",
            certification: confirm,
            backups,
            breach: "Nach Art. 48 LGPD müssen wir Sicherheitsvorfälle melden, die ein \
                     relevantes Risiko oder einen relevanten Schaden für die Betroffenen \
                     verursachen können; daher müssen wir von jedem Vorfall, der unsere \
                     Daten betrifft, sofort erfahren.",
        },
        Law::Pipeda => LawText {
            id: "pipeda",
            name: "PIPEDA",
            citation: "PIPEDA Anhang 1, Grundsätze 4.1.3 und 4.5.3",
            duty: "Nach dem kanadischen Personal Information Protection and Electronic \
                   Documents Act (PIPEDA) sind personenbezogene Daten, die für die \
                   festgelegten Zwecke nicht mehr benötigt werden, zu vernichten, zu \
                   löschen oder zu anonymisieren (Anhang 1, Grundsatz 4.5.3), und wir \
                   bleiben für die Daten verantwortlich, die wir Ihnen zur Verarbeitung \
                   übermittelt haben (Grundsatz 4.1.3). Ihre Leistungen für uns sind \
                   beendet; wir bitten Sie daher, alle für uns gespeicherten \
                   personenbezogenen Daten zu vernichten.",
            certification: confirm,
            backups,
            breach: "PIPEDA verpflichtet uns, Verletzungen der Sicherheitsvorkehrungen \
                     zu melden, die ein reales Risiko eines erheblichen Schadens \
                     begründen (Section 10.1); wir brauchen Ihre Antwort, um das Risiko \
                     für unsere Kunden einzuschätzen.",
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
            certification: confirm,
            backups,
            breach: "Als unser Auftragsverarbeiter müssen Sie uns jeden \
                     Sicherheitsvorfall, der die für uns gespeicherten Daten betrifft, \
                     sofort melden.",
        },
    }
}

fn norwegian(law: Law) -> LawText {
    let confirm = "Vi ber om skriftlig bekreftelse på slettingen, slik at vi kan \
                   dokumentere at kundenes opplysninger er slettet.";
    let backups = "Dersom kopier ligger igjen i sikkerhetskopier som ikke kan \
                   slettes straks, ber vi om at de sperres for all bruk, og at dere \
                   oppgir datoen da den siste sikkerhetskopien utløper.";
    match law {
        Law::Gdpr => LawText {
            id: "gdpr",
            name: "personvernforordningen",
            citation: "personvernforordningen artikkel 28 nr. 3 bokstav g",
            duty: "Etter personvernforordningen (GDPR) artikkel 28 nr. 3 bokstav g skal \
                   en databehandler, etter den behandlingsansvarliges valg, slette \
                   eller tilbakelevere alle personopplysninger når tjenestene knyttet \
                   til behandlingen er avsluttet, og slette eksisterende kopier med \
                   mindre lagring er påkrevd etter unionsretten eller nasjonal rett. Vi \
                   velger sletting. Videre lagring ville også stride mot prinsippet om \
                   lagringsbegrensning i artikkel 5 nr. 1 bokstav e.",
            certification: "Dersom avtalen vår bruker EU-kommisjonens \
                            standardpersonvernbestemmelser, skal dere også bekrefte \
                            slettingen overfor oss (klausul 10 bokstav d i \
                            gjennomføringsbeslutning (EU) 2021/915, eller klausul 8.5 i \
                            gjennomføringsbeslutning (EU) 2021/914 ved overføring ut av \
                            EØS). Uansett trenger vi en skriftlig bekreftelse for å \
                            oppfylle vår egen dokumentasjonsplikt (artikkel 5 nr. 2).",
            backups,
            breach: "Etter personvernforordningen artikkel 33 nr. 2 skal en \
                     databehandler uten ugrunnet opphold varsle den \
                     behandlingsansvarlige etter å ha fått kjennskap til et brudd på \
                     personopplysningssikkerheten.",
        },
        Law::UkGdpr => LawText {
            id: "uk-gdpr",
            name: "UK GDPR",
            citation: "UK GDPR artikkel 28 nr. 3 bokstav g",
            duty: "Etter UK GDPR artikkel 28 nr. 3 bokstav g skal en databehandler, \
                   etter den behandlingsansvarliges valg, slette eller tilbakelevere \
                   alle personopplysninger når tjenestene er avsluttet, og slette \
                   eksisterende kopier med mindre britisk rett krever lagring. Vi \
                   velger sletting. Videre lagring ville også stride mot prinsippet om \
                   lagringsbegrensning i artikkel 5 nr. 1 bokstav e UK GDPR og Data \
                   Protection Act 2018.",
            certification: "Vi trenger en skriftlig bekreftelse for å oppfylle vår \
                            egen dokumentasjonsplikt (UK GDPR artikkel 5 nr. 2).",
            backups: "Etter veiledningen fra ICO skal opplysninger i sikkerhetskopier \
                      som ikke kan slettes straks, sperres for all bruk til de \
                      overskrives; vi ber dere oppgi datoen da den siste \
                      sikkerhetskopien utløper.",
            breach: "Etter UK GDPR artikkel 33 nr. 2 skal en databehandler uten \
                     ugrunnet opphold varsle den behandlingsansvarlige etter å ha fått \
                     kjennskap til et brudd på personopplysningssikkerheten.",
        },
        Law::Ccpa => LawText {
            id: "ccpa",
            name: "CCPA",
            citation: "Cal. Civ. Code §1798.105 og CCPA Regulations §7022",
            duty: "Dere var vår tjenesteleverandør (service provider) etter California \
                   Consumer Privacy Act (CCPA), og deres bruk av personopplysningene var \
                   begrenset til tjenestene i avtalen vår (CCPA Regulations \
                   §7050-7051). Disse tjenestene er avsluttet. Vi ber dere herved slette \
                   personopplysningene dere har samlet inn eller behandlet for oss (Cal. \
                   Civ. Code §1798.105; CCPA Regulations §7022(b)), og, slik §7022(c) \
                   krever, be deres egne tjenesteleverandører og underleverandører om å \
                   gjøre det samme.",
            certification: confirm,
            backups: "Personopplysninger i arkiv- eller sikkerhetskopisystemer kan \
                      slettes neste gang systemet gjenopprettes, åpnes eller brukes \
                      (CCPA Regulations §7022(d)); vi ber dere oppgi når det blir, eller \
                      datoen da sikkerhetskopiene utløper.",
            breach: "Cal. Civ. Code §1798.82(b) krever at en virksomhet som oppbevarer \
                     personopplysninger den ikke eier, varsler eieren straks etter at et \
                     sikkerhetsbrudd er oppdaget.",
        },
        Law::Lgpd => LawText {
            id: "lgpd",
            name: "LGPD",
            citation: "LGPD artikkel 15, 16 og 39",
            duty: "Etter artikkel 15 og 16 i Brasils personvernlov (LGPD, lov nr. \
                   13.709/2018) skal personopplysninger slettes når behandlingen \
                   avsluttes, og som vår databehandler behandler dere dem bare etter \
                   våre instrukser (artikkel 39). Behandlingen er avsluttet: vi \
                   instruerer dere om å slette alle personopplysninger dere oppbevarer \
                   for oss.",
            certification: confirm,
            backups,
            breach: "Etter LGPD artikkel 48 må vi melde sikkerhetshendelser som kan \
                     medføre relevant risiko eller skade for de registrerte, så vi må \
                     straks få vite om enhver hendelse som berører våre opplysninger.",
        },
        Law::Pipeda => LawText {
            id: "pipeda",
            name: "PIPEDA",
            citation: "PIPEDA vedlegg 1, prinsipp 4.1.3 og 4.5.3",
            duty: "Etter den kanadiske loven Personal Information Protection and \
                   Electronic Documents Act (PIPEDA) skal personopplysninger som ikke \
                   lenger trengs for de angitte formålene, destrueres, slettes eller \
                   anonymiseres (vedlegg 1, prinsipp 4.5.3), og vi er fortsatt \
                   ansvarlige for opplysninger vi har overført til dere for behandling \
                   (prinsipp 4.1.3). Tjenestene deres for oss er avsluttet, og vi ber \
                   dere derfor destruere alle personopplysninger dere oppbevarer for \
                   oss.",
            certification: confirm,
            backups,
            breach: "PIPEDA pålegger oss å melde brudd på sikkerhetstiltak som gir en \
                     reell risiko for betydelig skade (section 10.1), så vi trenger \
                     svaret deres for å vurdere risikoen for kundene våre.",
        },
        Law::Contract => LawText {
            id: "contract",
            name: "avtalen vår",
            citation: "databehandleravtalen vår",
            duty: "Avtalen vår ga dere rett til å behandle disse personopplysningene \
                   bare for å levere tjenestene deres til oss. Tjenestene er avsluttet, \
                   og vi instruerer dere derfor om å slette alle personopplysninger dere \
                   oppbevarer for oss.",
            certification: confirm,
            backups,
            breach: "Som vår databehandler må dere straks varsle oss om enhver \
                     sikkerhetshendelse som berører opplysningene dere oppbevarer for \
                     oss.",
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
                for part in [t.duty, t.certification, t.backups, t.breach] {
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
