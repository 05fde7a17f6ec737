package handlers

import "github.com/labstack/echo/v4"

func (h *Handlers) paragraphList(c echo.Context) error { return echo.ErrNotFound }
