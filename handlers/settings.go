package handlers

import "github.com/labstack/echo/v4"

func (h *Handlers) settingsPage(c echo.Context) error    { return echo.ErrNotFound }
func (h *Handlers) settingsSave(c echo.Context) error    { return echo.ErrNotFound }
func (h *Handlers) settingsRetrain(c echo.Context) error { return echo.ErrNotFound }
