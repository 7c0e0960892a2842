package open311_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/citizen/open311"
)

// Mount the endpoint under its base path; service discovery, the Link
// headers and every resource then know that path.
func ExampleNew() {
	ctx := context.Background()
	cfg, err := citizen.LoadConfig(filepath.Join("..", "..", "examples", "citizen", "citizen.yaml"), relaciona.English)
	if err != nil {
		fmt.Println(err)
		return
	}
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	cal, _ := calendar.New(calendar.Colombia, calendar.Options{})
	bogota, _ := time.LoadLocation("America/Bogota")
	svc, err := citizen.New(store, cfg, cal, citizen.WithLocation(bogota))
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := open311.New(svc, open311.Options{
		Actor:   relaciona.Actor{ID: "open311"}, // the example file lists it with the system role
		Keys:    []string{"a-key-of-at-least-16-bytes"},
		Contact: "pqrsd@example.gov.co",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	mux := http.NewServeMux()
	mux.Handle("/open311/v2/", http.StripPrefix("/open311/v2", h))

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://pqrsd.example.gov.co/open311/v2/discovery.json", nil))
	var d struct {
		Endpoints []struct {
			URL     string   `json:"url"`
			Type    string   `json:"type"`
			Formats []string `json:"formats"`
		} `json:"endpoints"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Endpoints[0].URL, d.Endpoints[0].Type, d.Endpoints[0].Formats)
	// Output: https://pqrsd.example.gov.co/open311/v2 production [text/xml application/json]
}
