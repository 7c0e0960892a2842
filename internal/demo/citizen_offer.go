package demo

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
)

// The citizen demo's offer register, rationalisation, accessible channels,
// service guidelines and plain language (issue #19): Setup imports the
// offer from citizen.yaml; during the year procedures are rationalised
// (done with their evidence, one left pending), the service guidelines of
// the main channels are drafted and approved (a first draft in unclear
// language is refused and rewritten), and the July adjustment proposal
// carries two changes to the offer that the mayor's approval applies.

// czAccess is what each channel offers (NTC 5854 web, NTC 6047 in person).
var czAccess = map[string][]string{
	"ventanilla": {citizen.AccessMobility, citizen.AccessNoInternet, citizen.AccessCognitive},
	"telefono":   {citizen.AccessNoInternet, citizen.AccessVisual},
	"web":        {citizen.AccessVisual},
	"correo":     {citizen.AccessHearing},
	"whatsapp":   {citizen.AccessHearing},
	"buzon":      {citizen.AccessNoInternet},
	"jornadas":   {citizen.AccessNoInternet, citizen.AccessMobility},
}

// czNeeds is what each segment needs from a channel.
var czNeeds = map[string][]string{
	"discapacidad":    {citizen.AccessMobility, citizen.AccessVisual, citizen.AccessHearing},
	"mayores-rurales": {citizen.AccessNoInternet},
	"campesinado":     {citizen.AccessNoInternet},
	"victimas":        {citizen.AccessEthnicLanguage},
}

// czChannelAccess is the accessibility key of a channel's flow mapping in
// citizen.yaml ("" when it offers none).
func czChannelAccess(id string) string {
	if f := czAccess[id]; len(f) > 0 {
		return ", accessibility: [" + strings.Join(f, ", ") + "]"
	}
	return ""
}

// czSegmentAccess is the access_needs line of a segment in citizen.yaml.
func czSegmentAccess(id string) string {
	if n := czNeeds[id]; len(n) > 0 {
		return "    access_needs: [" + strings.Join(n, ", ") + "]\n"
	}
	return ""
}

// czGuidelines are the service guidelines drafted per channel.
var czGuidelines = []struct {
	scope string
	text  string
}{
	{citizen.GeneralScope, "Salude y diga su nombre. Escuche sin interrumpir. Use palabras sencillas. Confirme que la persona entendió. Dé siempre un número de radicado."},
	{"ventanilla", "Atienda por orden de llegada. Dé prioridad a personas mayores, con discapacidad, gestantes y niños. Revise los documentos una sola vez. Si falta algo, dígalo por escrito."},
	{"telefono", "Conteste antes del tercer timbre. Diga el nombre de la alcaldía y el suyo. Si debe transferir la llamada, explique a quién y por qué. No deje a nadie en espera más de un minuto."},
	{"web", "Responda en lenguaje claro. Use frases cortas. Ponga enlaces a los trámites. Revise que la página se pueda leer con lector de pantalla."},
}

// czUnclear is the first draft of the telephone guidelines, which the
// readability check refuses.
const czUnclear = "El servidor público responsable de la atención telefónica deberá propender, en cumplimiento de los lineamientos institucionales establecidos en la normatividad vigente, por la satisfacción integral de los requerimientos formulados por la ciudadanía, garantizando la oportunidad, la pertinencia y la calidad de la información suministrada."

// planOffer schedules the year's offer, rationalisation and guideline
// steps.
func (p *citizenDemo) planOffer(env *Env) {
	day := func(m time.Month, d int) calendar.Date { return p.biz(env, env.Day(m, d)) }
	lead, mayor := p.lead, p.mayor
	clerk := p.clerks[0]

	// Rationalisation (the SUIT strategy of the year).
	rats := []struct {
		item    string
		class   citizen.RationalisationClass
		action  string
		planned calendar.Date
		done    calendar.Date
		proof   string
	}{
		{"impuesto-predial", citizen.RationaliseTechnological, "Pago en línea con PSE y factura en el correo", day(time.May, 29), day(time.May, 20), "SUIT 2389 actualizado; pago en línea publicado en la sede electrónica"},
		{"certificado-residencia", citizen.RationaliseAdministrative, "Suprimir la declaración de dos testigos", day(time.September, 30), day(time.October, 1), "Decreto municipal que suprime el requisito; SUIT actualizado"},
		{"comparendos", citizen.RationaliseNormative, "Descuento por curso pedagógico sin cita previa", day(time.August, 31), day(time.September, 10), "Resolución de la Inspección de Tránsito"},
		{"licencia-construccion", citizen.RationaliseTechnological, "Radicación en línea de la licencia", day(time.November, 30), calendar.Date{}, ""},
	}
	ids := make([]string, len(rats))
	p.schedule(day(time.February, 16), 9, 30, "plan the rationalisations", func(ctx context.Context, env *Env, at time.Time) error {
		for i, r := range rats {
			out, err := p.svc.PlanRationalisation(ctx, lead, citizen.Rationalisation{Item: r.item, Class: r.class, Action: r.action, Planned: r.planned}, day(time.February, 16))
			if err != nil {
				return err
			}
			ids[i] = out.ID
			env.Count("rationalisations_planned", 1)
		}
		return nil
	})
	for i, r := range rats {
		if r.done.IsZero() {
			continue
		}
		p.schedule(r.done, 15, 0, "rationalisation done", func(ctx context.Context, env *Env, at time.Time) error {
			if _, err := p.svc.CompleteRationalisation(ctx, lead, ids[i], r.proof, r.done); err != nil {
				return err
			}
			env.Count("rationalisations_done", 1)
			return nil
		})
	}

	// Service guidelines: drafted in March, approved a week later; the
	// first telephone draft is refused for its language and rewritten.
	drafted := day(time.March, 2)
	approve := day(time.March, 9)
	gids := make([]string, len(czGuidelines))
	p.schedule(drafted, 11, 0, "draft the service guidelines", func(ctx context.Context, env *Env, at time.Time) error {
		for i, g := range czGuidelines {
			text := g.text
			if g.scope == "telefono" {
				text = czUnclear
			}
			out, err := p.svc.DraftGuideline(ctx, clerk, g.scope, text, drafted)
			if err != nil {
				return err
			}
			gids[i] = out.ID
			env.Count("guidelines_drafted", 1)
		}
		return nil
	})
	p.schedule(approve, 12, 0, "approve the service guidelines", func(ctx context.Context, env *Env, at time.Time) error {
		for i, g := range czGuidelines {
			_, err := p.svc.ApproveGuideline(ctx, mayor, gids[i], approve)
			if errors.Is(err, relaciona.ErrInvalid) && g.scope == "telefono" {
				env.Count("guidelines_refused_unclear", 1)
				out, err := p.svc.DraftGuideline(ctx, clerk, g.scope, g.text, approve)
				if err != nil {
					return err
				}
				env.Count("guidelines_drafted", 1)
				if _, err = p.svc.ApproveGuideline(ctx, mayor, out.ID, approve); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
			env.Count("guidelines_approved", 1)
		}
		return nil
	})

	// The July adjustment proposal (citizen.go) carries two changes to
	// the offer, applied by its approval.
	propose := day(time.July, 6)
	p.schedule(propose, 10, 45, "propose changes to the offer", func(ctx context.Context, env *Env, at time.Time) error {
		cert, ok, err := p.svc.OfferItem(ctx, "certificado-residencia")
		if err != nil || !ok {
			return errors.Join(err, relaciona.Invalid("offer", "certificado-residencia is not in the offer"))
		}
		cert.Channels = append(slices.Clone(cert.Channels), "web", "jornadas")
		cert.Description = "Pida el certificado en la ventanilla, en la web o en las jornadas en su vereda. No necesita testigos."
		agro, ok, err := p.svc.OfferItem(ctx, "asistencia-agropecuaria")
		if err != nil || !ok {
			return errors.Join(err, relaciona.Invalid("offer", "asistencia-agropecuaria is not in the offer"))
		}
		if !slices.Contains(agro.Channels, "telefono") {
			agro.Channels = append(slices.Clone(agro.Channels), "telefono")
		}
		_, err = p.svc.ProposeOfferChanges(ctx, lead, "adj-"+propose.String(), []citizen.OfferChange{
			{Op: citizen.OfferUpdate, Item: cert, Reason: "Cobertura baja en la zona rural y quejas por los testigos"},
			{Op: citizen.OfferUpdate, Item: agro, Reason: "El campesinado pide atención sin desplazarse"},
		}, propose)
		if err != nil {
			return err
		}
		env.Count("offer_changes_proposed", 2)
		return nil
	})
}
