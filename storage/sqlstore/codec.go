package sqlstore

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"

	"kontor/domain"
)

// Conversions between domain values and column values.

func nullID(id domain.ID) any {
	if id == 0 {
		return nil
	}
	return int64(id)
}

func nullDate(d domain.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func idOf(n sql.NullInt64) domain.ID {
	if !n.Valid {
		return 0
	}
	return domain.ID(n.Int64)
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func dateOf(s sql.NullString) domain.Date {
	if !s.Valid {
		return domain.Date{}
	}
	d, err := domain.ParseISODate(s.String)
	if err != nil {
		return domain.Date{}
	}
	return d
}

func encodeCustom(c domain.CustomValues) (string, error) {
	if len(c) == 0 {
		return "{}", nil
	}
	clean := make(domain.CustomValues, len(c))
	for k, v := range c {
		if v != nil {
			clean[k] = v
		}
	}
	b, err := json.Marshal(clean)
	if err != nil {
		return "", fmt.Errorf("encode custom fields: %w", err)
	}
	return string(b), nil
}

func decodeCustom(s string) domain.CustomValues {
	out := domain.CustomValues{}
	if s == "" || s == "{}" {
		return out
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return domain.CustomValues{}
	}
	return out
}
