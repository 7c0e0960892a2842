package main

import (
	"context"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/stakeholder"
)

func init() {
	register(command{
		name:    "stakeholder",
		summary: [2]string{"partes interesadas (SFIA RLMT): importar el registro, informes (= relaciona report --process stakeholder)", "stakeholders (SFIA RLMT): import the register, reports (= relaciona report --process stakeholder)"},
		run:     runStakeholder,
	})
}

// runStakeholder dispatches "relaciona stakeholder SUBCOMMAND".
func runStakeholder(ctx context.Context, e *env, args []string) int {
	return e.dispatch("stakeholder", []sub{
		reportSub(ctx, e, stakeholder.Kind),
		{
			name:     "import",
			synopsis: e.lang.T("--config deployment.yaml --actor ID [--at AAAA-MM-DD]", "--config deployment.yaml --actor ID [--at YYYY-MM-DD]"),
			summary:  [2]string{"carga el registro del archivo del proceso en el almacén", "loads the process file's register into the store"},
			run:      func(args []string) int { return runStakeholderImport(ctx, e, args) },
		},
	}, args)
}

// stakeholderService opens the deployment and the stakeholder service on
// its store.
func stakeholderService(ctx context.Context, e *env, cfgPath string) (*deployed, *stakeholder.Service, error) {
	d, err := openDeployment(ctx, e, cfgPath)
	if err != nil {
		return nil, nil, err
	}
	path, ok := d.dep.ProcessPath(stakeholder.Kind)
	if !ok {
		d.Close()
		return nil, nil, fmt.Errorf("%s", e.lang.Tf("%s no nombra un archivo del proceso de partes interesadas (processes.stakeholder)",
			"%s names no stakeholder process file (processes.stakeholder)", cfgPath))
	}
	cfg, err := stakeholder.LoadConfig(path, e.lang)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	opts := []stakeholder.Option{stakeholder.WithLang(e.lang)}
	if d.dir != nil {
		opts = append(opts, stakeholder.WithDirectory(d.dir))
	}
	s, err := stakeholder.New(d.store, cfg, d.cal, opts...)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	return d, s, nil
}

// runStakeholderImport loads the register of the stakeholder file (groups,
// stakeholders with their first assessment, plan items as drafts) into the
// deployment's store, as the person --actor: the deployment's directory
// (when it has one) says who they are and their SFIA level, else the
// file's actors do. Records already there are left as they are.
func runStakeholderImport(ctx context.Context, e *env, args []string) int {
	fs := e.flags("stakeholder import", e.lang.T("--config deployment.yaml --actor ID [--at AAAA-MM-DD]", "--config deployment.yaml --actor ID [--at YYYY-MM-DD]"))
	cfgPath := fs.String("config", "deployment.yaml", e.lang.T("archivo de despliegue", "deployment file"))
	actorID := fs.String("actor", "", e.lang.T("persona (de actors) que importa; necesita los niveles del contenido", "person (from actors) who imports; needs the levels the content calls for"))
	atFlag := fs.String("at", "", e.lang.T("fecha de la importación AAAA-MM-DD (por omisión, hoy)", "date of the import YYYY-MM-DD (default: today)"))
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *actorID == "" {
		return fs.usageError(e.lang.T("falta --actor", "--actor is missing"))
	}
	fail := func(err error) int { return e.fail("stakeholder import", err) }
	d, svc, err := stakeholderService(ctx, e, *cfgPath)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	// With the deployment's directory, only who acts is passed: the
	// directory gives the level. Without one, the file's actors do.
	level := 0
	for _, a := range svc.Config().Actors {
		if a.ID == *actorID {
			level = a.Level
		}
	}
	if d.dir != nil {
		level = 0
	} else if level == 0 {
		return fail(fmt.Errorf("%s", e.lang.Tf("persona desconocida %q: agréguela en actors", "unknown person %q: add them to actors", *actorID)))
	}
	at, err := cutOffDate(*atFlag, d.dep.Location)
	if err != nil {
		return fail(err)
	}
	sum, err := svc.Import(ctx, relaciona.Actor{ID: *actorID, Level: level}, time.Date(at.Year, at.Month, at.Day, 12, 0, 0, 0, time.UTC))
	if err != nil {
		return fail(err)
	}
	fmt.Fprintln(e.stdout, e.lang.Tf("importados: %d grupos, %d partes interesadas, %d análisis, %d actividades del plan (borradores); %d ya existían",
		"imported: %d groups, %d stakeholders, %d assessments, %d plan items (drafts); %d already there",
		sum.Groups, sum.Stakeholders, sum.Assessments, sum.PlanItems, sum.Skipped))
	return 0
}

// cutOffDate parses an --at flag, or takes today in the deployment's time
// zone.
func cutOffDate(s string, loc func() (*time.Location, error)) (calendar.Date, error) {
	if s != "" {
		return calendar.ParseDate(s)
	}
	l, err := loc()
	if err != nil {
		return calendar.Date{}, err
	}
	return calendar.DateOf(time.Now().In(l)), nil
}
