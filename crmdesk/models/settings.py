"""Shop-wide settings stored in the database (shop name, currency): every terminal sees the same."""

from sqlmodel import Field, SQLModel


class Setting(SQLModel, table=True):
    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=100)
    value: str = Field(default="", max_length=2000)
