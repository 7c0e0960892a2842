package demo

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/satisfaction"
)

// NewSatisfaction returns the demo's customer-satisfaction process: the
// IT office (Oficina de Tecnologías de la Información) of a Colombian
// agency and its 30 internal clients, the dependencies of the agency, run
// through a year of Agesic's process (seed 003_df350b36ba81ebe8.txt, "seed
// 003 §N" below):
//
//   - Every month: the tickets of each client on the built-in desk
//     (seasonal: quiet in January, Holy Week, the mid-year break and
//     December; busy when contractors join in February and in the last
//     quarter), resolved mostly within their service level; the surveys
//     (CSAT, NPS, CES) the package's Run invites the client of a closed
//     ticket to answer, under the YAML's surveys section, and the
//     requesters answer in the days after (§3.1; a few answers are
//     refused: late, without their comment, twice, never invited, with no
//     ticket — satisfaction_surveys.go); complaint tickets and complaints
//     by phone, reported to the owner, followed in a complaint ticket or
//     handled privately, answered with corrective actions and closed
//     (§6.4); availability of every service, every day; the package's Run
//     at the end of each week (sync, overdue commitments, invitations) and
//     at the month end (also the month figures).
//   - Three clients lose satisfaction for a few months while their tickets
//     stay within service level and their services available: the
//     "watermelon" alert of the scorecard fires for them. A regional office
//     has a real service problem instead (late tickets over a VPN outage):
//     red outside, so no watermelon.
//   - The annual interview (§6.3): the owner designs it in January,
//     Dirección approves it, and every client is interviewed once between
//     February and November. Six clients agree their work plan before the
//     interview (new offices, known low satisfaction, work already under
//     way); some are told what was done so far, in the interview or apart,
//     and for others the briefing is still pending at the year end.
//   - The analysis of needs and complaints common to several clients, with
//     improvement proposals (§3.2), and work meetings with the divisions
//     every other month that agree the actions and make commitments with
//     owners and due dates in business days (§6.6, §6.7); most are done on
//     time and confirmed by the client, some late (Run flags them overdue)
//     and some still open at the year end.
//
// The built-in desk stamps the tickets it creates and the replies it posts
// with its own clock. The demo's desk (env.Tickets) runs on the wall
// clock, which would put the complaint tickets of a simulated year in the
// real present (and move the sync position past the rest of the year), so
// the process works on the same desk (the same records in env.Store,
// checked to be the desk env.Tickets serves) through a desk value whose
// clock is the business time of the step under way. The year's tickets go
// in through the desk's bulk Import, keeping their historical times.
func NewSatisfaction() Process { return &satisfactionDemo{} }

// The desk queues: ordinary tickets and complaint tickets (the YAML's
// tickets.complaint_queue).
const (
	satQueue          = "general"
	satComplaintQueue = "reclamos"
)

// satisfactionDemo is the satisfaction process of the demo; its state
// lives between Setup, the months and Report.
type satisfactionDemo struct {
	p       *satisfaction.Process
	cfg     *satisfaction.Config
	tickets *relaciona.Tickets
	desk    *desk.Desk
	now     time.Time // the desk's clock: the business time of the step under way

	direction, chief relaciona.Actor // Dirección: the head of the office and a coordinator
	owner            relaciona.Actor // service quality manager
	mgr, mgr2        relaciona.Actor // service-desk leads; mgr runs the periodic job
	executors        []relaciona.Actor
	byDivision       map[string][]string // who takes commitments, per division

	clients  []*satClient
	byID     map[string]*satClient
	services map[string]satService

	open    []satOpen                  // tickets still open at the last sync
	pending []relaciona.SurveyResponse // answered after the last sync
	srv     satSurveys                 // tickets closed awaiting their survey (satisfaction_surveys.go)
	tasks   []satTask
	seq     int

	known      map[string]bool         // complaints registered (their handling is planned)
	byTicket   map[string]string       // complaint ticket id -> complaint id
	actions    map[string]satAction    // improvement actions
	byTopic    map[string]string       // topic -> the corrective action of its first complaint
	covered    []satCover              // later complaints' clients, to commit to at the next meeting
	committed  map[string]bool         // action/client pairs with a commitment
	usedTitles map[string]bool         // action titles taken
	proposed   []string                // proposed actions awaiting a work meeting
	alerts     map[string][]time.Month // watermelon alerts by client
	cmis       []satisfaction.CMI      // each month's scorecard, read after its Run
	design     string
	gov        satGovernance // the owner's and Dirección's duties (satisfaction_owner.go)
}

// satService is a service of the office's catalogue.
type satService struct {
	id, name, division string
	hours, target      float64
	office             bool // office hours only (on-site support, printing)
}

// satClient is one internal client and how it behaves in the demo.
type satClient struct {
	id, name, contact string
	services          []string
	requesters        []string
	size              float64 // tickets in an ordinary month
	base              float64 // chance that a survey answer is satisfied
	tag               string  // "", "regional", "new"
	story             string  // "dip-early", "dip-mid", "dip-late", "trouble" or ""
	dip               map[time.Month]float64
	trouble           map[time.Month]bool
	needs             []string // topics it raises
	planReason        string   // the plan comes before the interview, for this reason
	briefing          string   // for a plan first: "interview", "apart" or "pending"
	interview         calendar.Date
}

// satOpen is a ticket left open at a sync, with the time it is resolved.
type satOpen struct {
	id        string
	client    *satClient
	service   string
	requester string
	resolved  time.Time
	late      bool
}

// satAction is what the demo knows of an improvement action.
type satAction struct {
	title, division, topic string
	clients                []string
	origin                 string
	agreed                 bool
}

// satCover is a client whose complaint an action under way covers.
type satCover struct{ action, client string }

// satTask is a dated step of the agenda.
type satTask struct {
	at   time.Time
	seq  int
	what string
	do   func(ctx context.Context, env *Env, at time.Time) error
}

var satServiceList = []satService{
	{"correo", "Correo electrónico y colaboración", "operaciones", 24, 0.995, false},
	{"red", "Red local e inalámbrica", "infraestructura", 8, 0.995, false},
	{"vpn", "Acceso remoto (VPN) y conectividad de sedes", "infraestructura", 8, 0.99, false},
	{"alojamiento", "Alojamiento de sistemas de información", "infraestructura", 48, 0.999, false},
	{"erp", "Sistema administrativo y financiero", "sistemas", 24, 0.995, false},
	{"nomina", "Sistema de nómina y talento humano", "sistemas", 24, 0.995, false},
	{"documental", "Gestión documental y ventanilla única", "sistemas", 24, 0.99, false},
	{"portal", "Portal web y sede electrónica", "sistemas", 12, 0.998, false},
	{"datos", "Bodega de datos e informes", "sistemas", 48, 0.99, false},
	{"telefonia", "Telefonía IP y videoconferencia", "infraestructura", 16, 0.99, false},
	{"soporte", "Soporte en sitio y equipos de cómputo", "mesa", 16, 0.98, true},
	{"impresion", "Impresión y digitalización", "mesa", 24, 0.98, true},
}

var satDivisionList = []struct{ id, name string }{
	{"infraestructura", "Infraestructura tecnológica"},
	{"sistemas", "Sistemas de información"},
	{"operaciones", "Operaciones y seguridad digital"},
	{"mesa", "Mesa de servicios"},
}

// Every dependency uses these; satClientList adds its own.
var satCommonServices = []string{"correo", "red", "soporte", "documental"}

var satClientList = []struct {
	id, name string
	services []string
	size     float64
	tag      string
}{
	{"despacho", "Despacho de la Dirección General", []string{"portal", "telefonia"}, 30, ""},
	{"planeacion", "Oficina Asesora de Planeación", []string{"datos", "portal"}, 30, ""},
	{"juridica", "Oficina Asesora Jurídica", []string{"alojamiento", "impresion"}, 35, ""},
	{"control-interno", "Oficina de Control Interno", []string{"datos", "erp"}, 15, ""},
	{"comunicaciones", "Oficina de Comunicaciones", []string{"portal", "telefonia"}, 30, ""},
	{"secretaria-general", "Secretaría General", []string{"erp", "telefonia", "impresion"}, 45, ""},
	{"talento-humano", "Subdirección de Talento Humano", []string{"nomina", "erp"}, 60, ""},
	{"financiera", "Subdirección Financiera", []string{"erp", "datos"}, 55, ""},
	{"contabilidad", "Grupo de Contabilidad", []string{"erp"}, 30, ""},
	{"tesoreria", "Grupo de Tesorería", []string{"erp", "vpn"}, 25, ""},
	{"presupuesto", "Grupo de Presupuesto", []string{"erp", "datos"}, 20, ""},
	{"contratacion", "Grupo de Gestión Contractual", []string{"erp", "portal", "alojamiento"}, 70, ""},
	{"administrativa", "Subdirección Administrativa", []string{"erp", "telefonia"}, 40, ""},
	{"archivo", "Grupo de Gestión Documental y Correspondencia", []string{"alojamiento", "impresion"}, 50, ""},
	{"atencion-ciudadano", "Grupo de Atención al Ciudadano", []string{"portal", "telefonia"}, 75, ""},
	{"control-disciplinario", "Oficina de Control Disciplinario Interno", []string{"impresion"}, 12, ""},
	{"servicios-generales", "Grupo de Servicios Generales", []string{"telefonia"}, 25, ""},
	{"almacen", "Grupo de Almacén e Inventarios", []string{"erp"}, 15, ""},
	{"estudios", "Dirección de Estudios Sectoriales", []string{"datos", "alojamiento"}, 35, ""},
	{"estadistica", "Grupo de Estadística", []string{"datos", "alojamiento"}, 30, ""},
	{"regulacion", "Dirección de Regulación", []string{"portal", "datos"}, 30, ""},
	{"inspeccion", "Dirección de Inspección y Vigilancia", []string{"alojamiento", "vpn", "datos"}, 65, ""},
	{"sanciones", "Grupo de Investigaciones y Sanciones", []string{"alojamiento", "impresion"}, 35, ""},
	{"proyectos", "Dirección de Proyectos", []string{"datos", "vpn"}, 30, ""},
	{"cooperacion", "Oficina de Cooperación Internacional", []string{"telefonia"}, 10, "new"},
	{"conocimiento", "Grupo de Gestión del Conocimiento e Innovación", []string{"portal", "datos"}, 12, "new"},
	{"regional-norte", "Dirección Regional Norte (Barranquilla)", []string{"vpn", "telefonia", "erp"}, 40, "regional"},
	{"regional-occidente", "Dirección Regional Occidente (Cali)", []string{"vpn", "telefonia", "erp"}, 40, "regional"},
	{"regional-antioquia", "Dirección Regional Antioquia (Medellín)", []string{"vpn", "telefonia", "erp"}, 45, "regional"},
	{"regional-oriente", "Dirección Regional Oriente (Bucaramanga)", []string{"vpn", "telefonia", "erp"}, 30, "regional"},
}

// satTopicList is the catalogue of needs and complaints, with the division
// that acts on each and the improvement actions the office takes for it.
var satTopicList = []struct {
	id, name, division string
	actions            []string
	complaint          string
}{
	{"tiempos", "Tiempos de respuesta de la mesa de servicios", "mesa",
		[]string{"Reforzar la mesa de servicios en las horas pico", "Tablero público de tiempos de respuesta por dependencia", "Escalamiento automático de casos sin atender"},
		"El caso lleva días sin respuesta"},
	{"comunicacion", "Comunicación de incidentes y cortes programados", "operaciones",
		[]string{"Aviso previo de cortes programados por correo y en la intranet", "Boletín mensual del estado de los servicios", "Mensajes de avance en los casos abiertos"},
		"No se avisó del corte del servicio"},
	{"capacidad", "Capacidad de almacenamiento y alojamiento", "infraestructura",
		[]string{"Ampliar el almacenamiento de los sistemas misionales", "Monitoreo de capacidad con alertas tempranas"},
		"El sistema se queda sin espacio"},
	{"capacitacion", "Capacitación a usuarios", "sistemas",
		[]string{"Talleres de uso del sistema de gestión documental", "Videotutoriales de los sistemas de información", "Inducción tecnológica para contratistas nuevos"},
		"Nadie explicó cómo usar el sistema nuevo"},
	{"equipos", "Renovación de equipos de cómputo", "mesa",
		[]string{"Plan de renovación de equipos obsoletos", "Préstamo de equipos mientras se reparan"},
		"El equipo reparado volvió a fallar"},
	{"seguridad", "Seguridad digital y gestión de accesos", "operaciones",
		[]string{"Autoservicio de cambio de contraseña", "Revisión trimestral de accesos por dependencia"},
		"Los accesos del personal nuevo tardan demasiado"},
	{"integracion", "Integración entre sistemas de información", "sistemas",
		[]string{"Integrar la nómina con el sistema financiero", "Servicio de intercambio de datos entre sistemas"},
		"Hay que digitar los datos dos veces"},
	{"conectividad", "Conectividad de las sedes regionales", "infraestructura",
		[]string{"Canal de respaldo para las sedes regionales", "Ampliar el ancho de banda de las sedes"},
		"La conexión de la sede se cae a diario"},
	{"informes", "Informes y datos para la gestión", "sistemas",
		[]string{"Tablero de indicadores en la bodega de datos", "Catálogo de informes disponibles"},
		"El informe mensual sale con datos incompletos"},
}

// satSeason is the relative ticket volume of each month: quiet in the
// January holidays, contractors joining in February, Holy Week (April in
// 2026), the mid-year break, a busy last quarter and a quiet December.
var satSeason = [12]float64{0.75, 1.2, 1.05, 0.9, 1.0, 0.9, 0.9, 1.0, 1.05, 1.1, 1.05, 0.6}

var (
	satFirstNames = []string{"Ana María", "Luisa Fernanda", "Diana Marcela", "Paola Andrea", "Sandra Milena", "Carolina", "Natalia", "Juliana", "Claudia Patricia", "Adriana",
		"Carlos Andrés", "Juan Camilo", "Jorge Enrique", "Andrés Felipe", "Óscar Javier", "Diego Alejandro", "Luis Eduardo", "Hernán", "Fabián", "Sergio"}
	satSurnames = []string{"Rodríguez", "Gómez", "González", "Martínez", "García", "López", "Hernández", "Sánchez", "Ramírez", "Pérez",
		"Díaz", "Moreno", "Jiménez", "Vargas", "Rojas", "Castro", "Ortiz", "Suárez", "Quintero", "Cárdenas", "Ospina", "Mejía", "Salazar", "Guerrero"}
)

func (s *satisfactionDemo) Name() string { return "satisfaction" }

// roster is the IT office's team in the demo's directory, with the roles
// satisfaction.yaml gives them: the head above the infrastructure chief
// and the quality owner, the owner above the service-desk leads, the first
// lead above the technicians (who read a daily digest).
func (s *satisfactionDemo) roster() []relaciona.Person {
	person := func(a relaciona.Actor, level int, manager string) relaciona.Person {
		x := relaciona.Person{ID: a.ID, Name: a.Name, Email: staffEmail(a.ID), Level: level, Manager: manager}
		for _, r := range a.Roles {
			x.Roles = append(x.Roles, relaciona.Role{Process: satisfaction.Kind, Name: r})
		}
		return x
	}
	out := []relaciona.Person{person(s.direction, 6, ""), person(s.chief, 5, s.direction.ID), person(s.owner, 5, s.direction.ID),
		person(s.mgr, 4, s.owner.ID), person(s.mgr2, 4, s.owner.ID)}
	for _, e := range s.executors {
		x := person(e, 3, s.mgr.ID)
		x.Digest = true
		out = append(out, x)
	}
	// Each client's referent, in the directory with no process role:
	// the one who confirms the commitments made to the client.
	for _, c := range s.clients {
		out = append(out, relaciona.Person{ID: satReferent(c.id), Name: c.contact})
	}
	return out
}

// satReferent is the directory id of a client's referent.
func satReferent(client string) string { return "ref-" + client }

// ---------------------------------------------------------------------
// Setup.

// Setup writes satisfaction.yaml (the office, its team, 12 services, 30
// clients), loads it back through LoadConfig, opens the process on the
// demo's store and desk, records each client's file in the central
// repository and plans the year.
func (s *satisfactionDemo) Setup(ctx context.Context, env *Env) error {
	if env.Year < calendar.MinYear+1 || env.Year > calendar.MaxYear-1 {
		return relaciona.Invalid("year", "year %d is outside what the satisfaction demo supports", env.Year)
	}
	if env.Tickets == nil || env.Store == nil || env.Cal == nil || env.Rand == nil {
		return relaciona.Invalid("env", "the satisfaction demo needs a store, the desk, a calendar and a generator")
	}
	if _, ok := env.Tickets.Driver().(*desk.Desk); !ok {
		return fmt.Errorf("%w: the satisfaction demo runs on the built-in desk", relaciona.ErrUnsupported)
	}
	*s = satisfactionDemo{byID: map[string]*satClient{}, services: map[string]satService{}, known: map[string]bool{},
		byTicket: map[string]string{}, actions: map[string]satAction{}, alerts: map[string][]time.Month{},
		byTopic: map[string]string{}, committed: map[string]bool{}, usedTitles: map[string]bool{}}
	s.now = env.At(calendar.Date{Year: env.Year, Month: time.January, Day: 1}, 0)
	r := env.Rand
	for _, sv := range satServiceList {
		s.services[sv.id] = sv
	}

	// The team: Dirección, the owner, two service-desk leads (managers)
	// and five technicians (executors), seed 003 §4.
	person := func(id string, roles ...string) relaciona.Actor {
		return relaciona.Actor{ID: id, Name: satName(env), Roles: roles}
	}
	s.direction = person("oti-jefe", satisfaction.RoleDirection)
	s.chief = person("oti-coord-infraestructura", satisfaction.RoleDirection)
	s.owner = person("oti-calidad", satisfaction.RoleOwner)
	s.mgr = person("oti-mesa-lider", satisfaction.RoleManager, satisfaction.RoleExecutor)
	s.mgr2 = person("oti-mesa-analista", satisfaction.RoleManager)
	for i := range 5 {
		s.executors = append(s.executors, person(fmt.Sprintf("oti-tecnico-%d", i+1), satisfaction.RoleExecutor))
	}
	s.byDivision = map[string][]string{
		"infraestructura": {s.chief.ID, s.executors[0].ID, s.executors[1].ID},
		"sistemas":        {s.mgr2.ID, s.executors[2].ID},
		"operaciones":     {s.executors[3].ID, s.chief.ID},
		"mesa":            {s.mgr.ID, s.executors[4].ID},
	}

	// The clients and their stories.
	emails := map[string]bool{}
	for _, c := range satClientList {
		cl := &satClient{id: c.id, name: c.name, contact: satName(env), size: c.size, tag: c.tag,
			services: append(slices.Clone(satCommonServices), c.services...),
			base:     0.975 + 0.02*r.Float64(),
		}
		for range 2 + r.IntN(3) {
			cl.requesters = append(cl.requesters, satEmail(env, emails))
		}
		// Each raises two or three topics of the catalogue; regional
		// offices always raise their connectivity.
		perm := r.Perm(len(satTopicList))
		if c.tag == "regional" {
			cl.needs = append(cl.needs, "conectividad")
		}
		for _, i := range perm {
			if len(cl.needs) >= 2+r.IntN(2) {
				break
			}
			if t := satTopicList[i].id; !slices.Contains(cl.needs, t) && t != "conectividad" {
				cl.needs = append(cl.needs, t)
			}
		}
		s.clients = append(s.clients, cl)
		s.byID[cl.id] = cl
	}
	// Three large central dependencies lose satisfaction while their
	// service levels hold (the watermelons); a regional office has a real
	// service problem.
	var large, regional []*satClient
	for _, c := range s.clients {
		switch {
		case c.tag == "regional":
			regional = append(regional, c)
		case c.tag == "" && c.size >= 40 && !slices.Contains(c.services, "vpn"):
			large = append(large, c)
		}
	}
	r.Shuffle(len(large), func(i, j int) { large[i], large[j] = large[j], large[i] })
	dipEarly, dipMid, dipLate := large[0], large[1], large[2]
	dipEarly.story, dipEarly.dip = "dip-early", map[time.Month]float64{time.March: 0.62, time.April: 0.7}
	dipMid.story, dipMid.dip = "dip-mid", map[time.Month]float64{time.June: 0.64, time.July: 0.56, time.August: 0.68}
	dipLate.story, dipLate.dip = "dip-late", map[time.Month]float64{time.October: 0.66, time.November: 0.58, time.December: 0.55}
	trouble := regional[r.IntN(len(regional))]
	trouble.story, trouble.trouble = "trouble", map[time.Month]bool{time.September: true, time.October: true}
	for _, c := range []*satClient{dipEarly, dipMid, dipLate, trouble} {
		c.needs = append([]string{"comunicacion"}, slices.DeleteFunc(c.needs, func(t string) bool { return t == "comunicacion" })...)
	}

	// Six clients agree their plan before the interview (seed 003 §6.3):
	// the two new offices, two with known low satisfaction, two with work
	// already under way.
	var others []*satClient
	for _, c := range s.clients {
		if c.tag == "" && c.story == "" {
			others = append(others, c)
		}
	}
	r.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
	s.byID["cooperacion"].planReason, s.byID["cooperacion"].briefing = satisfaction.ReasonNewClient, "interview"
	s.byID["conocimiento"].planReason, s.byID["conocimiento"].briefing = satisfaction.ReasonNewClient, "apart"
	trouble.planReason, trouble.briefing = satisfaction.ReasonLowSatisfied, "pending"
	dipEarly.planReason, dipEarly.briefing = satisfaction.ReasonLowSatisfied, "pending"
	others[0].planReason, others[0].briefing = satisfaction.ReasonStartedBefore, "interview"
	others[1].planReason, others[1].briefing = satisfaction.ReasonStartedBefore, "pending"

	cfg, err := writeConfig(env, "satisfaction.yaml", s.configYAML(env), satisfaction.LoadConfig)
	if err != nil {
		return err
	}
	// The desk env.Tickets serves, on the demo's business clock (see
	// NewSatisfaction).
	d, err := desk.New(env.Store.Driver(), desk.Options{Queues: []string{satQueue, satComplaintQueue}, Actor: "mesa-de-servicios",
		Now: func() time.Time { return s.now }})
	if err != nil {
		return err
	}
	if s.tickets, err = relaciona.NewTickets(d); err != nil {
		return err
	}
	s.desk = d
	if err := env.AddPeople(s.roster()...); err != nil {
		return err
	}
	if s.p, err = satisfaction.New(env.Store, cfg, env.Cal, satisfaction.WithTickets(s.tickets), satisfaction.WithLocation(bogota), satisfaction.WithDirectory(env.Directory)); err != nil {
		return err
	}
	s.cfg = cfg
	env.Count("clients", len(cfg.Clients))
	env.Count("services", len(cfg.Services))
	env.Count("team", len(cfg.Team))

	// Each client's file opens the central repository (seed 003 §6.5).
	first := s.biz(env, calendar.Date{Year: env.Year, Month: time.January, Day: 2}, 0)
	for i, c := range s.clients {
		_, err := s.p.AddInfo(ctx, s.mgr, satisfaction.InfoItem{Client: c.id, Source: satisfaction.SourceOwn,
			Title: fmt.Sprintf("Ficha del cliente: %d servicios, %d solicitantes registrados", len(c.services), len(c.requesters)),
			Text:  "Referente: " + c.contact, At: satAt(first, 8, i)})
		if err != nil {
			return err
		}
		env.Count("info_items", 1)
	}
	s.plan(env)
	return nil
}

// plan puts the year's known steps on the agenda: the interview design
// and its approval, the plans agreed first, the interviews, the analyses
// and the work meetings.
func (s *satisfactionDemo) plan(env *Env) {
	r := env.Rand
	date := func(m time.Month, day int) calendar.Date { return s.biz(env, env.Day(m, day), 0) }
	s.schedule(env, satAt(date(time.January, 13), 10, 0), "design the interview", s.designInterview)
	s.schedule(env, satAt(date(time.January, 22+r.IntN(5)), 11, 30), "approve the interview design", s.approveDesign)

	// Interview dates: February to November, the watermelons interviewed
	// in the middle of their dip or, for the late one, while still
	// satisfied; the plans made first come before theirs.
	for _, c := range s.clients {
		switch c.story {
		case "dip-mid":
			c.interview = date(time.July, 6+r.IntN(15))
		case "dip-late":
			c.interview = date(time.March, 2+r.IntN(20))
		case "dip-early":
			c.interview = date(time.April, 13+r.IntN(12))
		default:
			if c.planReason != "" {
				c.interview = date(time.Month(4+r.IntN(5)), 1+r.IntN(26))
			} else {
				c.interview = date(time.Month(2+r.IntN(9)), 1+r.IntN(27))
			}
		}
		c := c
		s.schedule(env, satAt(c.interview, 9+r.IntN(7), 0), "interview "+c.id, func(ctx context.Context, env *Env, at time.Time) error {
			return s.interview(ctx, env, c, at)
		})
		if c.planReason != "" {
			agreed := date(time.February, 2+r.IntN(24))
			s.schedule(env, satAt(agreed, 15, 0), "plan before the interview "+c.id, func(ctx context.Context, env *Env, at time.Time) error {
				return s.agreePlan(ctx, env, c, at)
			})
		}
	}
	for _, m := range []time.Month{time.April, time.August} {
		s.schedule(env, satAt(date(m, 20+r.IntN(5)), 10, 0), "analysis", s.analyze)
	}
	for _, m := range []time.Month{time.March, time.May, time.July, time.September, time.November} {
		s.schedule(env, satAt(date(m, 14+r.IntN(8)), 14, 0), "work meeting", s.meeting)
	}
	s.planGovernance(env)
}

// schedule adds a step to the agenda. Steps after the year end do not
// happen in the demo: they are work the office carries into next year.
func (s *satisfactionDemo) schedule(env *Env, at time.Time, what string, do func(context.Context, *Env, time.Time) error) {
	if !at.Before(s.yearEnd(env)) {
		env.Count("steps_after_year_end", 1)
		return
	}
	s.seq++
	s.tasks = append(s.tasks, satTask{at: at, seq: s.seq, what: what, do: do})
}

// yearEnd is the first instant of the next year in Bogotá.
func (s *satisfactionDemo) yearEnd(env *Env) time.Time {
	return time.Date(env.Year+1, time.January, 1, 0, 0, 0, 0, bogota)
}

// biz is the business day n business days after d in the demo's
// calendar; n <= 0 is d itself when a business day, else the next one.
func (s *satisfactionDemo) biz(env *Env, d calendar.Date, n int) calendar.Date {
	if n <= 0 {
		for i := 0; i < 15 && !env.Cal.IsBusinessDay(d); i++ {
			d = d.AddDays(1)
		}
		return d
	}
	out, err := env.Cal.AddBusinessDays(d, n)
	if err != nil { // outside the calendar's years: Setup refuses those
		return d.AddDays(n)
	}
	return out
}

// satAt is a time of day on d in Bogotá.
func satAt(d calendar.Date, hour, minute int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, bogota)
}

func satDateOf(t time.Time) calendar.Date {
	t = t.In(bogota)
	return calendar.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

func satName(env *Env) string {
	r := env.Rand
	return satFirstNames[r.IntN(len(satFirstNames))] + " " + satSurnames[r.IntN(len(satSurnames))] + " " + satSurnames[r.IntN(len(satSurnames))]
}

// satEmail makes up a requester address on the reserved .example domain,
// unique in seen.
func satEmail(env *Env, seen map[string]bool) string {
	r := env.Rand
	for {
		first := satASCII(strings.Fields(satFirstNames[r.IntN(len(satFirstNames))])[0])
		addr := first[:1] + satASCII(satSurnames[r.IntN(len(satSurnames))]) + "@agencia.example"
		if seen[addr] {
			addr = first + "." + satASCII(satSurnames[r.IntN(len(satSurnames))]) + strconv.Itoa(r.IntN(90)+10) + "@agencia.example"
		}
		if !seen[addr] {
			seen[addr] = true
			return addr
		}
	}
}

// satASCII lower-cases s and drops its accents.
func satASCII(s string) string {
	rep := strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ñ", "n", "Á", "a", "É", "e", "Í", "i", "Ó", "o", "Ú", "u", "Ñ", "n", " ", "")
	return strings.ToLower(rep.Replace(s))
}

// ---------------------------------------------------------------------
// The configuration.

// configYAML writes the process's YAML: the office, its team and roles,
// divisions, services with their service levels, the 30 clients, the
// topics, the ticket fields, the scales and the scorecard targets (derived
// from examples/satisfaction/satisfaction.yaml, scaled up).
func (s *satisfactionDemo) configYAML(env *Env) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("%s\n#\n", Modeline("satisfaction"))
	w("# Gestión de la satisfacción de los clientes internos de la Oficina de\n")
	w("# Tecnologías de la Información, generado por `relaciona demo`.\n")
	w("# Dependencias, personas y correos son ficticios.\n")
	w("kind: satisfaction\nversion: 1\narea: Oficina de Tecnologías de la Información\n\nteam:\n")
	for _, a := range append([]relaciona.Actor{s.direction, s.chief, s.owner, s.mgr, s.mgr2}, s.executors...) {
		w("  - id: %s\n    name: %s\n    roles: [%s]\n", a.ID, satYQ(a.Name), strings.Join(a.Roles, ", "))
	}
	w("\ndivisions:\n")
	for _, d := range satDivisionList {
		w("  - {id: %s, name: %s}\n", d.id, satYQ(d.name))
	}
	w("\nservices:\n")
	for _, sv := range satServiceList {
		w("  - id: %s\n    name: %s\n    division: %s\n    resolution_hours: %s\n    availability_target: %s\n",
			sv.id, satYQ(sv.name), sv.division, strconv.FormatFloat(sv.hours, 'f', -1, 64), strconv.FormatFloat(sv.target, 'f', -1, 64))
	}
	w("\nclients:\n")
	for _, c := range s.clients {
		w("  - id: %s\n    name: %s\n    contact: %s\n    services: [%s]\n    requesters: [%s]\n",
			c.id, satYQ(c.name), satYQ(c.contact), strings.Join(c.services, ", "), strings.Join(c.requesters, ", "))
	}
	w("\ntopics:\n")
	for _, t := range satTopicList {
		w("  - {id: %s, name: %s}\n", t.id, satYQ(t.name))
	}
	w(`
tickets:
  client_field: client
  service_field: service
  type_field: type
  complaint_type: complaint
  complaint_queue: %s

scales:
  csat: {min: 1, max: 5, satisfied_from: 4}
  nps: {min: 0, max: 10, promoters_from: 9, detractors_up_to: 6}
  ces: {min: 1, max: 7}

interviews:
  scale: {min: 1, max: 5}

cmi:
  targets:
    csat: 0.85
    nps: 30
    ces: 5
    response_rate: 0.2
    service_level: 0.9
    availability: 0.99
    interview_score: 4
  trend_months: 12
  watermelon:
    metric: csat
    min_drop: 0.15

analysis:
  common_threshold: 3

commitments:
  default_term_days: 10
`, satComplaintQueue)
	b.WriteString(satSurveyYAML())
	return []byte(b.String())
}

// satYQ writes s as a YAML scalar: plain when that reads back as the same
// string, double-quoted otherwise.
func satYQ(s string) string {
	plain := s != "" && !strings.ContainsAny(s, ":#{}[],&*!|>'\"%@`") && strings.TrimSpace(s) == s
	if plain {
		switch strings.ToLower(s) {
		case "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~":
			plain = false
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			plain = false
		}
		if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "?") {
			plain = false
		}
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}

// ---------------------------------------------------------------------
// The months.

// Month generates the month's tickets and lives the month week by week
// (satSegments): each week it loads into the desk the tickets created in
// it, closes the tickets resolved in it, records the survey answers given
// in it and runs the week's agenda in date order; at the end of each week
// but the last the package's Run syncs and invites the clients of the
// tickets closed (the surveys section), and the requesters answer those
// invitations in the days after (satisfaction_surveys.go). At the month end
// it records the month's information and availability and runs Run as
// before; then it plans the handling of the complaint tickets each sync
// registered and reads the month's scorecard for its watermelon alerts.
func (s *satisfactionDemo) Month(ctx context.Context, env *Env, m time.Month) error {
	if s.p == nil {
		return relaciona.Invalid("setup", "the satisfaction demo was not set up")
	}
	start := time.Date(env.Year, m, 1, 0, 0, 0, 0, bogota)
	cut := start.AddDate(0, 1, 0) // what the month-end sync knows happened
	end := env.MonthEnd(m)
	ts, made := s.makeTickets(env, m, cut)
	from := start
	for _, to := range satSegments(start, cut) {
		if err := s.loadTickets(ctx, env, ts, made, from, to); err != nil {
			return err
		}
		if err := s.runTasks(ctx, env, to); err != nil {
			return err
		}
		if to.Before(cut) {
			// The Run at the end of a week (its date, whose midnight is to).
			if err := s.run(ctx, env, satDateOf(to), to, "survey_runs", to); err != nil {
				return err
			}
		}
		from = to
	}
	if err := s.monthInfo(ctx, env, m); err != nil {
		return err
	}
	if err := s.availability(ctx, env, m); err != nil {
		return err
	}
	// The invitations of the month-end Run are answered from the next
	// month on: the month's answers are all in.
	if err := s.run(ctx, env, end, satAt(end, 23, 0), "runs", cut); err != nil {
		return err
	}
	c, err := s.p.CMI(ctx, satisfaction.Month{Year: env.Year, Month: m})
	if err != nil {
		return err
	}
	// The month's scorecard (seed 003 §5: the monthly survey report for
	// the CMI), kept for the year's page: the month's figures are final
	// once its Run has synced it.
	s.cmis = append(s.cmis, c)
	for _, a := range c.Alerts {
		env.Count("watermelon_alerts", 1)
		s.alerts[a.Client] = append(s.alerts[a.Client], m)
	}
	return nil
}

// runTasks runs the agenda's steps before cut in date order.
func (s *satisfactionDemo) runTasks(ctx context.Context, env *Env, cut time.Time) error {
	for {
		i := s.nextTask(cut)
		if i < 0 {
			return nil
		}
		t := s.tasks[i]
		s.tasks = slices.Delete(s.tasks, i, i+1)
		s.now = t.at
		if err := t.do(ctx, env, t.at); err != nil {
			return fmt.Errorf("%s %s: %w", t.at.Format("2006-01-02"), t.what, err)
		}
	}
}

// nextTask is the index of the earliest step before cut, or -1.
func (s *satisfactionDemo) nextTask(cut time.Time) int {
	best := -1
	for i, t := range s.tasks {
		if !t.at.Before(cut) {
			continue
		}
		if best < 0 || t.at.Before(s.tasks[best].at) || (t.at.Equal(s.tasks[best].at) && t.seq < s.tasks[best].seq) {
			best = i
		}
	}
	return best
}

// monthDays lists the days of month m with their weight in the ticket
// volume: business days (Mondays heavier), a trickle on weekends and
// holidays.
func (s *satisfactionDemo) monthDays(env *Env, m time.Month) ([]calendar.Date, []float64, float64) {
	var days []calendar.Date
	var weights []float64
	total := 0.0
	for d := env.Day(m, 1); d.Month == m; d = d.AddDays(1) {
		w := 0.06
		if env.Cal.IsBusinessDay(d) {
			w = 1
			if d.Weekday() == time.Monday {
				w = 1.3
			}
		}
		days = append(days, d)
		weights = append(weights, w)
		total += w
	}
	return days, weights, total
}

// satPoisson draws a Poisson count with mean lambda.
func satPoisson(env *Env, lambda float64) int {
	r := env.Rand
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	return poisson(r, lambda)
}

// satisfied is the chance that a survey answer of c in month m is
// satisfied.
func (c *satClient) satisfied(m time.Month) float64 {
	if v, ok := c.dip[m]; ok {
		return v
	}
	if c.trouble[m] {
		return 0.72
	}
	return c.base
}

// satMade is a ticket the month makes, before the desk numbers it.
type satMade struct {
	client    *satClient
	service   string
	resolved  time.Time
	late      bool
	complaint string // the topic, for a complaint ticket
}

// makeTickets generates the month's tickets and complaint tickets (those
// resolved by the month end closed) and schedules the month's complaints
// by phone; loadTickets loads them week by week.
func (s *satisfactionDemo) makeTickets(env *Env, m time.Month, cut time.Time) ([]driver.Ticket, []satMade) {
	r := env.Rand
	days, weights, total := s.monthDays(env, m)
	var ts []driver.Ticket
	var made []satMade
	types := []string{"incident", "incident", "request", "request", "incident", "request", "change"}
	for _, c := range s.clients {
		n := satPoisson(env, c.size*satSeason[m-1])
		for range n {
			d := days[pickWeighted(r, weights, total)]
			created := satAt(d, 7+r.IntN(11), r.IntN(60)).Add(time.Duration(r.IntN(60)) * time.Second)
			svc := c.services[min(int(float64(len(c.services))*r.Float64()*r.Float64()*1.6), len(c.services)-1)]
			sv := s.services[svc]
			lateP := 0.03
			if c.trouble[m] {
				lateP = 0.4
			}
			f := 0.05 + 0.85*r.Float64()*r.Float64()
			late := r.Float64() < lateP
			if late {
				f = 1.05 + 1.5*r.Float64()
			}
			resolved := created.Add(time.Duration(f * sv.hours * float64(time.Hour)))
			typ := types[r.IntN(len(types))]
			t := driver.Ticket{Queue: satQueue, Subject: satSubject(typ, sv), Requester: c.requesters[r.IntN(len(c.requesters))],
				Assignee: s.executors[r.IntN(len(s.executors))].ID, Priority: 30 + 10*r.IntN(4),
				Fields: map[string]string{"client": c.id, "service": svc, "type": typ}, Created: created}
			if resolved.Before(cut) {
				t.Status, t.Updated = "closed", resolved
			} else {
				t.Status, t.Updated = "open", created
			}
			ts = append(ts, t)
			made = append(made, satMade{client: c, service: svc, resolved: resolved, late: late})
		}
		// Complaint tickets: a few a month, more from clients whose
		// satisfaction falls or whose service fails (seed 003 §6.4).
		lambda := 0.06
		if _, dip := c.dip[m]; dip || c.trouble[m] {
			lambda = 0.8
		}
		for range satPoisson(env, lambda) {
			d := days[pickWeighted(r, weights, total)]
			topic := c.needs[r.IntN(len(c.needs))]
			if r.IntN(2) == 0 {
				topic = []string{"tiempos", "comunicacion"}[r.IntN(2)]
			}
			svc := c.services[r.IntN(len(c.services))]
			created := satAt(d, 8+r.IntN(9), r.IntN(60))
			ts = append(ts, driver.Ticket{Queue: satComplaintQueue, Subject: "Reclamo: " + satTopicComplaint(topic), Status: "open",
				Requester: c.requesters[r.IntN(len(c.requesters))], Fields: map[string]string{"client": c.id, "service": svc, "type": "complaint"},
				Created: created, Updated: created})
			made = append(made, satMade{client: c, service: svc, complaint: topic})
		}
		// Complaints by phone to the technician on a case.
		lambda = 0.04
		if _, dip := c.dip[m]; dip || c.trouble[m] {
			lambda = 0.5
		}
		for range satPoisson(env, lambda) {
			d := s.biz(env, days[pickWeighted(r, weights, total)], 0)
			if d.Month != m {
				continue
			}
			c, topic, svc := c, c.needs[0], c.services[r.IntN(len(c.services))]
			s.schedule(env, satAt(d, 8+r.IntN(9), r.IntN(60)), "phone complaint "+c.id, func(ctx context.Context, env *Env, at time.Time) error {
				return s.reportComplaint(ctx, env, c, svc, topic, satisfaction.ChannelPhone, "", at)
			})
		}
	}
	return ts, made
}

// loadTickets imports into the desk, in bulk with their historical times,
// the tickets of ts created in [from, to) (those resolved after to still
// open), closes the tickets of earlier weeks resolved in it, and records
// the survey answers given in it.
func (s *satisfactionDemo) loadTickets(ctx context.Context, env *Env, all []driver.Ticket, allMade []satMade, from, to time.Time) error {
	r := env.Rand
	var ts []driver.Ticket
	var made []satMade
	for i, t := range all {
		if t.Created.Before(from) || !t.Created.Before(to) {
			continue
		}
		if t.Status == "closed" && !allMade[i].resolved.Before(to) {
			t.Status, t.Updated = "open", t.Created
		}
		ts = append(ts, t)
		made = append(made, allMade[i])
	}
	s.now = from
	stored, err := s.desk.Import(ctx, ts)
	if err != nil {
		return err
	}
	env.Count("tickets", len(stored))
	for i, t := range stored {
		mk := made[i]
		switch {
		case mk.complaint != "":
			env.Count("complaint_tickets", 1)
			// Most complaint tickets are reported to the owner by the
			// technician who sees them; the others wait for the sync.
			if r.Float64() < 0.65 {
				c, id, topic := mk.client, t.ID, mk.complaint
				svc := mk.service
				at := satAt(s.biz(env, satDateOf(t.Created), r.IntN(2)), 16, r.IntN(60))
				if !at.After(t.Created) {
					at = t.Created.Add(time.Hour)
				}
				s.schedule(env, at, "report complaint ticket "+id, func(ctx context.Context, env *Env, at time.Time) error {
					return s.reportComplaint(ctx, env, c, svc, topic, satisfaction.ChannelTicket, id, at)
				})
			}
		case t.Status == "closed":
			s.closed(satOpen{id: t.ID, client: mk.client, service: mk.service, requester: t.Requester, resolved: mk.resolved, late: mk.late})
		default:
			s.open = append(s.open, satOpen{id: t.ID, client: mk.client, service: mk.service, requester: t.Requester, resolved: mk.resolved, late: mk.late})
		}
	}
	// Tickets of earlier weeks resolved in this one.
	var still []satOpen
	for _, o := range s.open {
		if !o.resolved.Before(to) {
			still = append(still, o)
			continue
		}
		s.now = o.resolved
		if _, err := s.tickets.SetStatus(ctx, o.id, relaciona.StatusClosed); err != nil {
			return err
		}
		s.closed(o)
	}
	s.open = still
	// The survey answers given in the week (satisfaction_surveys.go):
	// answers to the invitations of the Runs before, and the few the
	// surveys section refuses.
	var rs []relaciona.SurveyResponse
	for _, p := range s.pending {
		if p.Submitted.Before(to) {
			rs = append(rs, p)
		}
	}
	s.pending = slices.DeleteFunc(s.pending, func(p relaciona.SurveyResponse) bool { return p.Submitted.Before(to) })
	s.now = to.Add(-time.Minute)
	if err := s.tickets.RecordSurveys(ctx, rs); err != nil {
		return err
	}
	env.Count("survey_answers", len(rs))
	return nil
}

// answer makes the survey answers of a surveyed ticket: CSAT, NPS and CES
// (a few respondents skip the last two), satisfied or not with the
// client's chance in the month the answer is given, less when the ticket
// was late.
func (s *satisfactionDemo) answer(env *Env, o satOpen, m time.Month) []relaciona.SurveyResponse {
	r := env.Rand
	p := o.client.satisfied(m)
	if o.late {
		p -= 0.15
	}
	sat := r.Float64() < p
	var csat, nps, ces int
	if sat {
		csat = 4 + min(r.IntN(5), 1) // mostly 5
		nps = []int{8, 9, 9, 10, 10, 10}[r.IntN(6)]
		ces = 5 + r.IntN(3)
	} else {
		csat = []int{1, 2, 2, 3, 3, 3}[r.IntN(6)]
		nps = []int{2, 3, 4, 5, 5, 6, 6, 7}[r.IntN(8)]
		ces = 2 + r.IntN(3)
	}
	base := relaciona.SurveyResponse{TicketID: o.id, Requester: o.requester, Service: o.service}
	metrics := []struct {
		m string
		v int
	}{{satisfaction.MetricCSAT, csat}, {satisfaction.MetricNPS, nps}, {satisfaction.MetricCES, ces}}
	if r.IntN(10) == 0 {
		metrics = metrics[:1]
	}
	out := make([]relaciona.SurveyResponse, 0, len(metrics))
	for _, x := range metrics {
		a := base
		a.ID, a.Metric, a.Score = "encuesta-"+o.id+"-"+x.m, x.m, x.v
		out = append(out, a)
	}
	return out
}

func satSubject(typ string, sv satService) string {
	switch typ {
	case "incident":
		return "Falla en " + satLowerFirst(sv.name)
	case "change":
		return "Cambio solicitado en " + satLowerFirst(sv.name)
	}
	return "Solicitud sobre " + satLowerFirst(sv.name)
}

// satLowerFirst lower-cases the first letter of s.
func satLowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func satTopicComplaint(topic string) string {
	for _, t := range satTopicList {
		if t.id == topic {
			return t.complaint
		}
	}
	return topic
}

func satTopicOf(id string) (name, division string, actions []string) {
	for _, t := range satTopicList {
		if t.id == id {
			return t.name, t.division, t.actions
		}
	}
	return id, "mesa", []string{"Plan de mejora"}
}

// monthInfo adds the month's cleaned client information to the central
// repository (seed 003 §6.5): what the surveys' comments say of the clients
// whose satisfaction falls, and what technicians heard on site.
func (s *satisfactionDemo) monthInfo(ctx context.Context, env *Env, m time.Month) error {
	r := env.Rand
	at := satAt(s.biz(env, env.MonthEnd(m).AddDays(-4), 0), 17, 0)
	var items []satisfaction.InfoItem
	for _, c := range s.clients {
		if _, dip := c.dip[m]; dip {
			name, _, _ := satTopicOf(c.needs[0])
			items = append(items, satisfaction.InfoItem{Client: c.id, Source: satisfaction.SourceSurvey,
				Title: fmt.Sprintf("Comentarios de las encuestas de %s: %s", satMonthES[m-1], strings.ToLower(name)),
				Text:  "Varios solicitantes dicen que no se les avisa de los cortes ni del avance de sus casos."})
		}
	}
	for range 2 {
		c := s.clients[r.IntN(len(s.clients))]
		name, _, _ := satTopicOf(c.needs[r.IntN(len(c.needs))])
		items = append(items, satisfaction.InfoItem{Client: c.id, Source: satisfaction.SourceTeam,
			Title: fmt.Sprintf("Comentario recibido en sitio en %s: %s", satMonthES[m-1], strings.ToLower(name))})
	}
	for i, it := range items {
		it.At = at.Add(time.Duration(i) * time.Minute)
		s.now = it.At
		if _, err := s.p.AddInfo(ctx, s.mgr, it); err != nil {
			return err
		}
		env.Count("info_items", 1)
	}
	return nil
}

var satMonthES = [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// availability records every service's availability for every day of the
// month (seed 003 §3.2: the availability summary of the monthly service
// report): 24-hour services less their Saturday maintenance window,
// office-hours services on business days; a few incidents, and the VPN
// outage of the regional office with trouble.
func (s *satisfactionDemo) availability(ctx context.Context, env *Env, m time.Month) error {
	r := env.Rand
	troubled := false
	for _, c := range s.clients {
		troubled = troubled || c.trouble[m]
	}
	var recs []satisfaction.Availability
	for d := env.Day(m, 1); d.Month == m; d = d.AddDays(1) {
		for _, sv := range satServiceList {
			rec := satisfaction.Availability{Service: sv.id, Date: d, ScheduledMinutes: 1440}
			if sv.office {
				if !env.Cal.IsBusinessDay(d) {
					continue
				}
				rec.ScheduledMinutes = 600
			} else if sv.division == "infraestructura" && d.Weekday() == time.Saturday && d.Day > 7 && d.Day <= 14 {
				rec.ScheduledMinutes = 1440 - 240 // the monthly maintenance window
			}
			if r.Float64() < 0.015 {
				rec.DownMinutes = 10 + r.IntN(110)
			}
			if sv.id == "vpn" && troubled && r.Float64() < 0.4 {
				rec.DownMinutes = min(rec.ScheduledMinutes, 60+r.IntN(240))
			}
			recs = append(recs, rec)
		}
	}
	at := satAt(env.MonthEnd(m), 18, 0)
	n, err := s.p.RecordAvailability(ctx, s.executors[0], recs, at)
	env.Count("availability_records", n)
	return err
}

// afterSync plans the handling of the complaint tickets the month-end
// sync registered by itself: the owner was told (a notice), the manager
// follows them from the next business day.
func (s *satisfactionDemo) afterSync(ctx context.Context, env *Env, end calendar.Date) error {
	notices, err := s.p.Notices(ctx, s.owner)
	if err != nil {
		return err
	}
	for _, n := range notices {
		if s.known[n.About] {
			continue
		}
		c, err := s.p.Complaint(ctx, n.About)
		if err != nil {
			return err
		}
		s.known[c.ID] = true
		if c.TicketID != "" {
			s.byTicket[c.TicketID] = c.ID
		}
		env.Count("complaints", 1)
		env.Count("complaints_"+string(c.Channel), 1)
		cl := s.byID[c.Client]
		topic := cl.needs[0]
		s.handleComplaint(env, c, topic, satAt(s.biz(env, end, 1), 9, 30))
	}
	return nil
}

// ---------------------------------------------------------------------
// Complaints (seed 003 §6.4).

// reportComplaint registers a complaint a technician heard of (a complaint
// ticket seen in the queue, or a call) and plans its handling. A
// complaint ticket the sync already registered is not reported again.
func (s *satisfactionDemo) reportComplaint(ctx context.Context, env *Env, c *satClient, svc, topic string, ch satisfaction.Channel, ticket string, at time.Time) error {
	r := env.Rand
	if ticket != "" && s.byTicket[ticket] != "" {
		return nil
	}
	scope := satisfaction.ScopeService
	if ch == satisfaction.ChannelPhone && r.IntN(4) == 0 {
		scope, svc = satisfaction.ScopeOther, ""
	}
	summary := satTopicComplaint(topic)
	if scope == satisfaction.ScopeOther {
		summary = "Inconformidad con la atención recibida en sitio"
	}
	by := s.executors[r.IntN(len(s.executors))]
	cp, err := s.p.ReportComplaint(ctx, by, satisfaction.NewComplaint{Client: c.id, Service: svc, Topic: topic, Channel: ch, Scope: scope,
		Summary: summary, TicketID: ticket}, at)
	if err != nil {
		return err
	}
	s.known[cp.ID] = true
	if ticket != "" {
		s.byTicket[ticket] = cp.ID
	}
	env.Count("complaints", 1)
	env.Count("complaints_"+string(ch), 1)
	s.handleComplaint(env, cp, topic, at)
	return nil
}

// handleComplaint plans a registered complaint's way: a service complaint
// is followed by the manager in a complaint ticket, any other handled
// privately by the owner; then answered with an action, and closed. One
// in ten stalls after it is taken up (late work the reports show).
func (s *satisfactionDemo) handleComplaint(env *Env, cp satisfaction.Complaint, topic string, from time.Time) {
	r := env.Rand
	id := cp.ID
	service := cp.Scope == satisfaction.ScopeService
	opens := service && cp.TicketID == "" // the manager opens its complaint ticket
	takeAt := satAt(s.biz(env, satDateOf(from), r.IntN(2)), 10+r.IntN(6), r.IntN(60))
	if !takeAt.After(from) {
		takeAt = from.Add(30 * time.Minute)
	}
	stall := r.IntN(10) == 0
	answerAt := satAt(s.biz(env, satDateOf(takeAt), 2+r.IntN(6)), 11+r.IntN(5), r.IntN(60))
	closeAt := satAt(s.biz(env, satDateOf(answerAt), 1+r.IntN(4)), 9+r.IntN(7), r.IntN(60))
	s.schedule(env, takeAt, "take up complaint "+id, func(ctx context.Context, env *Env, at time.Time) error {
		var err error
		if service {
			_, err = s.p.FollowComplaint(ctx, s.mgr, id, at)
			if err == nil {
				env.Count("complaints_followed_in_ticket", 1)
				if opens {
					env.Count("complaint_tickets_opened", 1)
				}
			}
		} else {
			_, err = s.p.HandlePrivately(ctx, s.owner, id, at)
			if err == nil {
				env.Count("complaints_handled_privately", 1)
			}
		}
		if err != nil || stall {
			return err
		}
		s.schedule(env, answerAt, "answer complaint "+id, func(ctx context.Context, env *Env, at time.Time) error {
			return s.answerComplaint(ctx, env, id, topic, service, at, closeAt)
		})
		return nil
	})
}

// answerComplaint answers a complaint with a corrective action (seed 003
// §5), which the next work meeting agrees, and plans its closing.
func (s *satisfactionDemo) answerComplaint(ctx context.Context, env *Env, id, topic string, service bool, at, closeAt time.Time) error {
	cp, err := s.p.Complaint(ctx, id)
	if err != nil {
		return err
	}
	// The year's first complaint on a topic gets a corrective action; a
	// later one is answered with the action already under way, and the
	// next work meeting commits it to that client too.
	name, division, acts := satTopicOf(topic)
	by, kind := s.mgr, satisfaction.ActionCorrective
	if !service {
		by, kind = s.owner, satisfaction.ActionImprovement
	}
	var resp satisfaction.ComplaintResponse
	title, _ := s.freshTitle(acts)
	if prev, ok := s.byTopic[topic]; ok {
		resp.Text = fmt.Sprintf("Se revisó el caso con la división responsable; queda cubierto por la acción en curso: %s.", satLowerFirst(s.actions[prev].title))
		s.covered = append(s.covered, satCover{action: prev, client: cp.Client})
	} else {
		resp.Text = fmt.Sprintf("Se revisó el caso con la división responsable. Acción: %s.", satLowerFirst(title))
		resp.Actions = []satisfaction.NewAction{{Title: title, Kind: kind, Topic: topic, Division: division, Description: name}}
	}
	cp, err = s.p.RespondComplaint(ctx, by, id, resp, at)
	if err != nil {
		return err
	}
	env.Count("complaints_answered", 1)
	for _, a := range cp.Response.Actions {
		s.actions[a] = satAction{title: title, division: division, topic: topic, clients: []string{cp.Client}, origin: satisfaction.OriginComplaint}
		s.byTopic[topic] = a
		s.proposed = append(s.proposed, a)
		env.Count("actions_proposed", 1)
	}
	ticket := cp.TicketID
	s.schedule(env, closeAt, "close complaint "+id, func(ctx context.Context, env *Env, at time.Time) error {
		by := s.mgr
		if !service {
			by = s.owner
		}
		if _, err := s.p.CloseComplaint(ctx, by, id, at); err != nil {
			return err
		}
		env.Count("complaints_closed", 1)
		if ticket != "" {
			_, err := s.tickets.SetStatus(ctx, ticket, relaciona.StatusClosed)
			return err
		}
		return nil
	})
	return nil
}

// ---------------------------------------------------------------------
// Interviews and work plans (seed 003 §6.3).

var satQuestions = []satisfaction.Question{
	{ID: "general", Text: "Satisfacción general con los servicios de TI", Kind: satisfaction.QuestionScore},
	{ID: "tiempos", Text: "Tiempos de respuesta de la mesa de servicios", Kind: satisfaction.QuestionScore},
	{ID: "comunicacion", Text: "Comunicación de incidentes y cortes", Kind: satisfaction.QuestionScore},
	{ID: "soluciones", Text: "Calidad de las soluciones", Kind: satisfaction.QuestionScore},
	{ID: "atencion", Text: "Atención del personal técnico", Kind: satisfaction.QuestionScore},
	{ID: "mejoras", Text: "¿Qué debería mejorar la Oficina de TI el próximo año?", Kind: satisfaction.QuestionText},
}

func (s *satisfactionDemo) designInterview(ctx context.Context, env *Env, at time.Time) error {
	d, err := s.p.DesignInterview(ctx, s.owner, satisfaction.Design{Year: env.Year,
		Title: fmt.Sprintf("Entrevista anual de satisfacción %d", env.Year), Questions: satQuestions}, at)
	if err != nil {
		return err
	}
	s.design = d.ID
	return nil
}

func (s *satisfactionDemo) approveDesign(ctx context.Context, env *Env, at time.Time) error {
	_, err := s.p.ApproveDesign(ctx, s.direction, s.design, at)
	return err
}

// interview records the client's annual interview, scored from how
// satisfied it is that month, with the needs and complaints it raises. A
// client whose plan came first may be told in it what was done so far;
// for the others the plan follows the interview.
func (s *satisfactionDemo) interview(ctx context.Context, env *Env, c *satClient, at time.Time) error {
	r := env.Rand
	m := satDateOf(at).Month
	sat := c.satisfied(m)
	score := func(shift float64) int {
		v := 1 + 4*sat + shift + 0.5*r.NormFloat64()
		return int(math.Max(1, math.Min(5, math.Round(v))))
	}
	iv := satisfaction.Interview{Client: c.id, Design: s.design, Date: satDateOf(at),
		Scores:  map[string]int{"general": score(-0.3), "tiempos": score(-0.6), "comunicacion": score(-0.8), "soluciones": score(-0.2), "atencion": score(0.1)},
		Answers: map[string]string{"mejoras": "Mantener informada a la dependencia del avance de los casos."},
		Needs:   slices.Clone(c.needs[1:]),
	}
	if sat < 0.8 || r.IntN(3) == 0 {
		iv.Complaints = []string{c.needs[0]}
	} else {
		iv.Needs = slices.Clone(c.needs)
	}
	if c.planReason != "" && c.briefing == "interview" {
		iv.Briefed = true
	}
	rec, err := s.p.RecordInterview(ctx, s.owner, iv, at)
	if err != nil {
		return err
	}
	if err := s.interviewComplaints(ctx, env, rec, at); err != nil {
		return err
	}
	env.Count("interviews", 1)
	if iv.Briefed {
		env.Count("briefings", 1)
	}
	if c.planReason == "" {
		agreed := s.biz(env, iv.Date, 5+r.IntN(10))
		s.schedule(env, satAt(agreed, 15, 0), "work plan "+c.id, func(ctx context.Context, env *Env, at time.Time) error {
			return s.agreePlan(ctx, env, c, at)
		})
	}
	return nil
}

// agreePlan agrees the client's work plan for the year (seed 003 §6.7);
// when it comes before the interview, with its reason, and a briefing
// apart for one of those clients.
func (s *satisfactionDemo) agreePlan(ctx context.Context, env *Env, c *satClient, at time.Time) error {
	summary := fmt.Sprintf("Plan de trabajo %d con %s", env.Year, c.name)
	if _, err := s.p.AgreeWorkPlan(ctx, s.owner, c.id, satDateOf(at), summary, c.planReason, at); err != nil {
		return err
	}
	env.Count("work_plans", 1)
	s.endorsePlan(env, c.id, at)
	if c.planReason != "" {
		env.Count("work_plans_before_interview", 1)
	}
	if c.briefing == "apart" {
		on := s.biz(env, satDateOf(at), 25+env.Rand.IntN(10))
		s.schedule(env, satAt(on, 10, 0), "briefing "+c.id, func(ctx context.Context, env *Env, at time.Time) error {
			_, err := s.p.RecordBriefing(ctx, s.mgr, c.id, env.Year, satDateOf(at), "Se presentó el avance del plan; sin cambios.", false, at)
			if err == nil {
				env.Count("briefings", 1)
			}
			return err
		})
	}
	return nil
}

// ---------------------------------------------------------------------
// Analysis, work meetings and commitments (seed 003 §3.2, §6.6, §6.7).

// analyze ranks the needs and complaints common to several clients and
// proposes an improvement action for each common topic without one.
func (s *satisfactionDemo) analyze(ctx context.Context, env *Env, at time.Time) error {
	an, err := s.p.Analyze(ctx, env.Year)
	if err != nil {
		return err
	}
	env.Count("analyses", 1)
	for _, t := range an.Common() {
		if len(t.Proposals) > 0 {
			continue
		}
		_, division, acts := satTopicOf(t.Topic)
		title, ok := s.freshTitle(acts)
		if !ok {
			continue
		}
		clients := t.Clients
		a, err := s.p.ProposeAction(ctx, s.owner, satisfaction.NewAction{Title: title, Origin: satisfaction.OriginAnalysis,
			Topic: t.Topic, Division: division, Clients: clients}, at)
		if err != nil {
			return err
		}
		s.actions[a.ID] = satAction{title: title, division: division, topic: t.Topic, clients: clients, origin: satisfaction.OriginAnalysis}
		if s.byTopic[t.Topic] == "" {
			s.byTopic[t.Topic] = a.ID
		}
		s.proposed = append(s.proposed, a.ID)
		env.Count("actions_proposed", 1)
	}
	return nil
}

// meeting holds a work meeting with every division: it agrees the
// proposed actions, documents a new one from the interviews, and the owner
// makes a commitment for each action agreed.
func (s *satisfactionDemo) meeting(ctx context.Context, env *Env, at time.Time) error {
	r := env.Rand
	date := satDateOf(at)
	var divisions []string
	for _, d := range satDivisionList {
		divisions = append(divisions, d.id)
	}
	// A new action for the most frequent need of the clients interviewed
	// since the last meeting.
	count := map[string]int{}
	var order []string
	for _, c := range s.clients {
		if c.interview.Before(date) && !c.interview.Before(date.AddDays(-62)) {
			for _, t := range c.needs[1:] {
				if count[t] == 0 {
					order = append(order, t)
				}
				count[t]++
			}
		}
	}
	slices.SortStableFunc(order, func(a, b string) int { return count[b] - count[a] })
	var topic, division, title string
	for _, t := range order {
		_, d, acts := satTopicOf(t)
		if x, ok := s.freshTitle(acts); ok {
			topic, division, title = t, d, x
			break
		}
	}
	var newActions []satisfaction.NewAction
	var newInfo []satAction
	if topic != "" {
		var clients []string
		for _, c := range s.clients {
			if c.interview.Before(date) && slices.Contains(c.needs[1:], topic) {
				clients = append(clients, c.id)
			}
		}
		newActions = append(newActions, satisfaction.NewAction{Title: title, Topic: topic, Division: division, Clients: clients})
		newInfo = append(newInfo, satAction{title: title, division: division, topic: topic, clients: clients, origin: satisfaction.OriginMeeting})
	}
	agree := slices.Clone(s.proposed)
	var clients []string
	for _, id := range agree {
		clients = append(clients, s.actions[id].clients...)
	}
	slices.Sort(clients)
	clients = slices.Compact(clients)
	divisions, absent, err := s.beforeMeeting(ctx, env, at, divisions, agree)
	if err != nil {
		return err
	}
	mt, err := s.p.RecordMeeting(ctx, s.owner, satisfaction.MeetingInput{Date: date, Divisions: divisions, Clients: clients,
		Notes: "Reunión de trabajo con las divisiones de la Oficina de TI.", NewActions: newActions, Agree: agree, Absent: absent}, at)
	if err != nil {
		return err
	}
	env.Count("meetings", 1)
	for i, id := range mt.Actions {
		if i < len(newInfo) {
			s.actions[id] = newInfo[i]
			if s.byTopic[newInfo[i].topic] == "" {
				s.byTopic[newInfo[i].topic] = id
			}
			env.Count("actions_new_at_meeting", 1)
		}
	}
	s.proposed = nil
	env.Count("actions_agreed", len(mt.Actions))

	// A commitment for each action agreed: to its client when it has one,
	// an internal one for actions of many clients; and one to each client
	// whose complaint an action agreed before covers.
	type pair struct{ action, client string }
	var todo []pair
	for _, id := range mt.Actions {
		a := s.actions[id]
		a.agreed = true
		s.actions[id] = a
		client := ""
		if len(a.clients) == 1 {
			client = a.clients[0]
		}
		todo = append(todo, pair{id, client})
	}
	var later []satCover
	for _, c := range s.covered {
		if s.actions[c.action].agreed {
			todo = append(todo, pair{c.action, c.client})
		} else {
			later = append(later, c)
		}
	}
	s.covered = later
	for _, x := range todo {
		if s.committed[x.action+"/"+x.client] {
			continue
		}
		s.committed[x.action+"/"+x.client] = true
		id, client := x.action, x.client
		a := s.actions[id]
		owners := s.byDivision[a.division]
		owner := owners[r.IntN(len(owners))]
		term := 8 + r.IntN(13)
		desc := a.title
		if client != "" {
			desc += " — " + s.byID[client].name
		}
		var confirmers []string
		if client != "" {
			confirmers = []string{satReferent(client)}
		}
		cm, err := s.p.AddCommitment(ctx, s.owner, satisfaction.NewCommitment{Action: id, Client: client, Confirmers: confirmers, Owner: owner,
			Description: desc, Start: date, TermDays: term}, at.Add(time.Hour))
		if err != nil {
			return err
		}
		env.Count("commitments", 1)
		s.planCommitment(env, cm, client)
	}
	return nil
}

// planCommitment decides how a commitment goes: most are done on time
// (and, to a client, confirmed by it a few days later, or not yet), some
// late, some still open at the year end. The late watermelon's
// commitments are late; the mid-year one's are done and confirmed, which
// is how it recovers.
func (s *satisfactionDemo) planCommitment(env *Env, cm satisfaction.Commitment, client string) {
	r := env.Rand
	var story string
	if c := s.byID[client]; c != nil {
		story = c.story
	}
	x := r.Float64()
	switch {
	case story == "dip-late":
		x = 0.97
	case story == "dip-mid":
		x = 0
	}
	span := cm.TermDays
	var done calendar.Date
	switch {
	case x < 0.62: // on time
		done = s.biz(env, cm.Start, max(1, int(float64(span)*(0.4+0.55*r.Float64()))))
	case x < 0.88: // late
		done = s.biz(env, cm.Due, 3+r.IntN(15))
	default: // still open at the year end, or done in the last days
		done = s.biz(env, cm.Due, 40+r.IntN(20))
	}
	id, owner := cm.ID, cm.Owner
	s.schedule(env, satAt(done, 16, 0), "complete commitment "+id, func(ctx context.Context, env *Env, at time.Time) error {
		by := s.actor(owner)
		if _, err := s.p.CompleteCommitment(ctx, by, id, satDateOf(at), at); err != nil {
			return err
		}
		env.Count("commitments_done", 1)
		if client == "" {
			// An internal commitment: another process owner (or
			// Dirección) confirms it when it is done.
			_, err := s.p.ConfirmCommitment(ctx, relaciona.Actor{ID: cm.Confirmers[0]}, id, satDateOf(at), "", at)
			return err
		}
		if story != "dip-mid" && r.IntN(4) == 0 {
			return nil // internal, or the client has not confirmed yet
		}
		on := s.biz(env, satDateOf(at), 2+r.IntN(7))
		s.schedule(env, satAt(on, 11, 0), "confirm commitment "+id, func(ctx context.Context, env *Env, at time.Time) error {
			if _, err := s.p.ConfirmCommitment(ctx, relaciona.Actor{ID: satReferent(client)}, id, satDateOf(at), "conforme", at); err != nil {
				return err
			}
			env.Count("commitments_confirmed", 1)
			return nil
		})
		return nil
	})
}

// freshTitle takes the first of a topic's action titles not taken yet;
// when all are, it returns the first again, and false.
func (s *satisfactionDemo) freshTitle(titles []string) (string, bool) {
	for _, t := range titles {
		if !s.usedTitles[t] {
			s.usedTitles[t] = true
			return t, true
		}
	}
	return titles[0], false
}

// actor returns the team member with id.
func (s *satisfactionDemo) actor(id string) relaciona.Actor {
	for _, a := range append([]relaciona.Actor{s.direction, s.chief, s.owner, s.mgr, s.mgr2}, s.executors...) {
		if a.ID == id {
			return a
		}
	}
	return relaciona.Actor{ID: id}
}

// ---------------------------------------------------------------------
// The report.
